/**
 * Creating rooms and measuring them. Uses {@code routing} and below.
 */
package dev.meshrooms.core.room;
