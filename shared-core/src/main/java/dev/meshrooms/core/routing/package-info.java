/**
 * Where each room's data is: connection pools per database server (the requests' and the moves' apart), the cached
 * route of each room, and the store that follows a room while it moves. Uses {@code store} and below.
 */
package dev.meshrooms.core.routing;
