/**
 * SMPC: the product's quantized quadratic model evaluated under additive secret sharing with
 * FRESCO's SPDZ suite, two parties over loopback sockets (the gateway holds the inputs, the model
 * owner the weights; only the gateway learns the decision). Preprocessing is FRESCO's dummy
 * supplier, i.e. a trusted dealer; see {@link io.smile.compare.smpc.SpdzScorer}.
 */
package io.smile.compare.smpc;
