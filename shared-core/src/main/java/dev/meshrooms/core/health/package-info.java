/**
 * Whether what the core runs on answers: the database and its durability settings, the shard servers, the object
 * store. Uses {@code routing}, {@code media}.
 */
package dev.meshrooms.core.health;
