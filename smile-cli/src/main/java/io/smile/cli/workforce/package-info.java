/**
 * {@code smile workforce}: federated k-means of the IBM HR data, one unit joining a cloud-hosted
 * federation, encrypted segment assignment; over {@code workforce}.
 */
package io.smile.cli.workforce;
