/**
 * Who may do what: API tokens (hashed, expiring, revocable), the instance admin, and the room access rules that
 * answer 401 before 404. Uses {@code store} and below.
 */
package dev.meshrooms.core.auth;
