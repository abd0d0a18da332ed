package dev.meshrooms.core.shard.aws;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.shard.RoomKeys;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlreadyExistsException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.Tag;

/** {@link RoomKeys} on AWS KMS (SDK v2): one symmetric key per room, found by its alias. */
public final class KmsRoomKeys implements RoomKeys {
    private final Supplier<KmsClient> kms;

    public KmsRoomKeys(KmsClient kms) {
        this(() -> kms);
    }

    /** @param kms the client, asked for at each call (built at the first) */
    public KmsRoomKeys(Supplier<KmsClient> kms) {
        this.kms = kms;
    }

    @Override
    public Optional<RoomKey> findByAlias(String alias) {
        try {
            KeyMetadata key = kms.get().describeKey(b -> b.keyId(alias)).keyMetadata();
            return Optional.of(new RoomKey(key.keyId(), key.arn(), key.keyState() == KeyState.PENDING_DELETION));
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failed("looking up key " + alias, e);
        }
    }

    @Override
    public RoomKey create(String description, Map<String, String> tags) {
        KeyMetadata key = call(
                        "creating a key",
                        () -> kms.get()
                                .createKey(b -> b.description(description)
                                        .keyUsage(KeyUsageType.ENCRYPT_DECRYPT)
                                        .keySpec(KeySpec.SYMMETRIC_DEFAULT)
                                        .tags(tags(tags))))
                .keyMetadata();
        return new RoomKey(key.keyId(), key.arn(), false);
    }

    @Override
    public void createAlias(String alias, String keyId) {
        try {
            kms.get().createAlias(b -> b.aliasName(alias).targetKeyId(keyId));
        } catch (AlreadyExistsException e) {
            // made by an earlier attempt: fine
        } catch (SdkException e) {
            throw failed("creating alias " + alias, e);
        }
    }

    @Override
    public void deleteAlias(String alias) {
        try {
            kms.get().deleteAlias(b -> b.aliasName(alias));
        } catch (NotFoundException e) {
            // gone already
        } catch (SdkException e) {
            throw failed("deleting alias " + alias, e);
        }
    }

    @Override
    public void tag(String keyId, Map<String, String> tags) {
        call(
                "tagging key " + keyId,
                () -> kms.get().tagResource(b -> b.keyId(keyId).tags(tags(tags))));
    }

    @Override
    public void untag(String keyId, Collection<String> tagKeys) {
        try {
            kms.get().untagResource(b -> b.keyId(keyId).tagKeys(tagKeys));
        } catch (NotFoundException | KmsInvalidStateException e) {
            // gone, or pending deletion already
        } catch (SdkException e) {
            throw failed("removing tags " + tagKeys + " from key " + keyId, e);
        }
    }

    @Override
    public void restore(String keyId) {
        call("cancelling the deletion of key " + keyId, () -> kms.get().cancelKeyDeletion(b -> b.keyId(keyId)));
        call("enabling key " + keyId, () -> kms.get().enableKey(b -> b.keyId(keyId)));
    }

    @Override
    public void scheduleDeletion(String keyId, int pendingDays) {
        try {
            kms.get().scheduleKeyDeletion(b -> b.keyId(keyId).pendingWindowInDays(pendingDays));
        } catch (NotFoundException | KmsInvalidStateException e) {
            // gone, or pending deletion already
        } catch (SdkException e) {
            throw failed("scheduling the deletion of key " + keyId, e);
        }
    }

    private static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e ->
                        Tag.builder().tagKey(e.getKey()).tagValue(e.getValue()).build())
                .toList();
    }

    private static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw failed(what, e);
        }
    }

    private static MeshException failed(String what, Exception e) {
        return new MeshException(
                ErrorCode.STORE_UNAVAILABLE,
                "AWS KMS failed while " + what + ": " + e.getMessage()
                        + " (check KMS_ENDPOINT / AWS_REGION, the credentials and their kms:* permissions; see docs/shards.md).",
                e);
    }
}
