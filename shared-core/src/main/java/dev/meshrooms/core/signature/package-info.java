/**
 * Ed25519 for messages: keys, the vault sealing private keys under the master key, signing and verifying the
 * canonical form ({@link dev.meshrooms.core.signature.MessageSignatures}), and the instance's bounded pool for
 * checking many at once. Uses {@code error}.
 */
package dev.meshrooms.core.signature;
