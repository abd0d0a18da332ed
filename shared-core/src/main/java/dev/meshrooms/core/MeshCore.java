package dev.meshrooms.core;

import dev.meshrooms.core.auth.ApiTokens;
import dev.meshrooms.core.auth.InstanceAdmin;
import dev.meshrooms.core.auth.RoomAccess;
import dev.meshrooms.core.db.Migrations;
import dev.meshrooms.core.media.MediaStore;
import dev.meshrooms.core.media.RoomMedia;
import dev.meshrooms.core.message.MessageService;
import dev.meshrooms.core.room.PostgresRoomDirectory;
import dev.meshrooms.core.room.RoomDirectory;
import dev.meshrooms.core.room.RoomService;
import dev.meshrooms.core.routing.ConnectionPools;
import dev.meshrooms.core.routing.RoomStores;
import dev.meshrooms.core.shard.ShardSchemas;
import dev.meshrooms.core.signature.KeyVault;
import dev.meshrooms.core.user.PostgresUserDirectory;
import dev.meshrooms.core.user.UserDirectory;
import java.time.Clock;

/**
 * The core, wired by hand: migrate the global schema, then hand out the services. Servers, CLIs and the desktop app
 * build one of these and talk to rooms only through it.
 */
public final class MeshCore implements AutoCloseable {
    private final ConnectionPools pools;
    private final MediaStore mediaStore;
    private final RoomDirectory rooms;
    private final UserDirectory users;
    private final ApiTokens tokens;
    private final InstanceAdmin admin;
    private final RoomStores stores;
    private final ShardSchemas shards;
    private final RoomService roomService;
    private final MessageService messages;
    private final RoomMedia media;
    private final RoomAccess access;

    private MeshCore(CoreSettings settings, MediaStore mediaStore, Clock clock) {
        this.pools = new ConnectionPools(settings.global(), settings.shardServers(), settings.poolSize(), settings.maxShardPools());
        this.mediaStore = mediaStore;
        Migrations.migrateGlobal(pools.global());
        this.rooms = new PostgresRoomDirectory(pools.global());
        this.users = new PostgresUserDirectory(pools.global(), new KeyVault(settings.masterKey()));
        this.tokens = new ApiTokens(pools.global());
        this.admin = new InstanceAdmin(pools.global(), users, tokens);
        this.stores = new RoomStores(rooms, pools, CoreSettings.ROUTE_CACHE_SIZE);
        this.shards = new ShardSchemas(pools);
        this.roomService = new RoomService(rooms, shards, stores);
        this.messages = new MessageService(stores, users, clock);
        this.media = new RoomMedia(mediaStore, stores, settings.mediaBucket(), settings.presignTtl());
        this.access = new RoomAccess(rooms);
    }

    /** Migrates the global schema and builds the services. */
    public static MeshCore start(CoreSettings settings, MediaStore mediaStore) {
        return new MeshCore(settings.validate(), mediaStore, Clock.systemUTC());
    }

    public ConnectionPools pools() {
        return pools;
    }

    public MediaStore mediaStore() {
        return mediaStore;
    }

    public RoomDirectory rooms() {
        return rooms;
    }

    public UserDirectory users() {
        return users;
    }

    public ApiTokens tokens() {
        return tokens;
    }

    public InstanceAdmin admin() {
        return admin;
    }

    public RoomStores stores() {
        return stores;
    }

    public ShardSchemas shards() {
        return shards;
    }

    public RoomService roomService() {
        return roomService;
    }

    public MessageService messages() {
        return messages;
    }

    public RoomMedia media() {
        return media;
    }

    public RoomAccess access() {
        return access;
    }

    @Override
    public void close() {
        pools.close();
    }
}
