/**
 * Transfer learning: a model pretrained on the other factories' rows (AI4I's product types as
 * factories), fine-tuned at the target factory with k local labels, against training from scratch
 * on the same k labels.
 */
package io.smile.compare.transfer;
