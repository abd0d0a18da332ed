package dev.meshrooms.core.bundle;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.db.Transactions;
import dev.meshrooms.core.media.s3.S3Settings;
import dev.meshrooms.core.testing.TestS3;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What an import may leave behind on an instance: rooms, users, staging schemas, import jobs and objects in the
 * shared media bucket (listed with the AWS SDK, not through the store under test). Two snapshots around a refused
 * import must be equal.
 */
record InstanceState(
        long rooms,
        long users,
        List<String> stagingSchemas,
        long importJobs,
        boolean roomsTableExists,
        List<String> objects) {

    static InstanceState of(MeshCore mesh) {
        InstanceState db = Transactions.inTransaction(mesh.internals().pools().global(), c -> {
            try (Statement st = c.createStatement()) {
                List<String> schemas = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT schema_name FROM information_schema.schemata"
                        + " WHERE schema_name LIKE 'mesh\\_import\\_%' ORDER BY 1")) {
                    while (rs.next()) {
                        schemas.add(rs.getString(1));
                    }
                }
                boolean roomsTable;
                try (ResultSet rs = st.executeQuery("SELECT to_regclass('mesh.rooms') IS NOT NULL")) {
                    rs.next();
                    roomsTable = rs.getBoolean(1);
                }
                return new InstanceState(
                        roomsTable ? count(st, "mesh.rooms") : -1,
                        count(st, "mesh.users"),
                        schemas,
                        count(st, "mesh.import_jobs"),
                        roomsTable,
                        List.of());
            }
        });
        return new InstanceState(
                db.rooms(),
                db.users(),
                db.stagingSchemas(),
                db.importJobs(),
                db.roomsTableExists(),
                objects(sharedBucket(mesh)));
    }

    /** The bucket unsharded (and so imported) rooms keep their media in. */
    static String sharedBucket(MeshCore mesh) {
        return mesh.media().sharedBucket();
    }

    /** Every key in the bucket (an absent bucket holds none). */
    static List<String> objects(String bucket) {
        S3Settings s = TestS3.settings();
        try (S3Client client = S3Client.builder()
                .endpointOverride(s.endpoint())
                .region(Region.of(s.region()))
                .forcePathStyle(true)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(s.accessKeyId(), s.secretAccessKey())))
                .build()) {
            List<String> keys = new ArrayList<>();
            for (var page : client.listObjectsV2Paginator(b -> b.bucket(bucket))) {
                page.contents().stream().map(S3Object::key).forEach(keys::add);
            }
            return keys.stream().sorted().toList();
        } catch (NoSuchBucketException e) {
            return List.of();
        }
    }

    private static long count(Statement st, String table) throws java.sql.SQLException {
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
