package dev.meshrooms.core.shard.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToXml;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.media.s3.S3Settings;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.RoomIds;
import dev.meshrooms.core.model.ShardLocation;
import dev.meshrooms.core.model.User;
import dev.meshrooms.core.model.Visibility;
import dev.meshrooms.core.shard.BucketPolicy;
import dev.meshrooms.core.shard.ShardFeatures;
import dev.meshrooms.core.shard.ShardSettings;
import dev.meshrooms.core.shard.ShardStorage;
import dev.meshrooms.core.testing.TestMesh;
import dev.meshrooms.core.testing.TestPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The exact AWS requests provisioning and deprovisioning send, against recorded AWS responses (WireMock plays S3 and
 * KMS; the bodies are the AWS API references' examples, see {@code aws-recorded/README.md}). The database side is
 * real (embedded PostgreSQL). Nothing here was sent to real AWS.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("AWS requests of the shard provisioner, against recorded AWS responses")
class AwsProvisioningRequestsTest {
    private static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
    private static final String KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final String KEY_ARN = "arn:aws:kms:eu-west-1:111122223333:key/" + KEY_ID;
    private static final String PRINCIPAL = "arn:aws:iam::111122223333:role/mesh-room-{roomId}";
    private static final String KMS_JSON = "application/x-amz-json-1.1";
    private WireMockServer aws;
    private CloudWatchRooms rooms;
    private static final com.fasterxml.jackson.databind.ObjectMapper CBOR =
            new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.cbor.CBORFactory());
    private static final String CLOUDWATCH = "/service/GraniteServiceVersion20100801/operation/";
    private MeshCore mesh;
    private User alice;
    private Room room;
    private String bucket;
    private String alias;

    @BeforeAll
    void start() {
        aws = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        aws.start();
        URI endpoint = URI.create(aws.baseUrl());
        S3Settings store = new S3Settings(
                endpoint, null, "eu-west-1", ACCESS_KEY, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", true);
        S3Client s3 = AwsClients.s3(store);
        KmsClient kms = AwsClients.kms(store, endpoint);
        software.amazon.awssdk.services.cloudwatch.CloudWatchClient cloudWatch = AwsClients.cloudWatch(store, endpoint);
        rooms = new CloudWatchRooms(cloudWatch, "eu-west-1");
        ShardStorage storage = new ShardStorage(
                new S3RoomBuckets(s3, Region.EU_WEST_1),
                new KmsRoomKeys(kms),
                rooms,
                rooms,
                new ShardSettings("mesh-room-", PRINCIPAL, true, endpoint, 7, true, endpoint),
                () -> {
                    s3.close();
                    kms.close();
                    cloudWatch.close();
                });
        mesh = TestMesh.start(TestPostgres.newDatabase(), List.of(), storage);
        alice = mesh.users().create("alice", "Alice");
    }

    @AfterAll
    void stop() {
        mesh.close();
        aws.stop();
    }

    @BeforeEach
    void freshRoom() {
        aws.resetAll();
        room = mesh.roomService()
                .create(new NewRoom("r" + Long.toHexString(System.nanoTime()), "Room", Visibility.PUBLIC), alice.id());
        bucket = "mesh-room-" + room.id();
        alias = "alias/mesh-room-" + room.id();
        // S3, path style: /<bucket>?<subresource>
        stub(request("HEAD", urlEqualTo("/" + bucket)), aResponse().withStatus(404));
        stub(
                request("PUT", urlEqualTo("/" + bucket)),
                aResponse()
                        .withStatus(200)
                        .withHeader("Location", "http://" + bucket + ".s3.amazonaws.com/")
                        .withHeader("x-amz-request-id", "236A8905248E5A01"));
        stub(
                request("PUT", urlEqualTo("/" + bucket + "?encryption")),
                aResponse().withStatus(200));
        stub(request("PUT", urlEqualTo("/" + bucket + "?policy")), aResponse().withStatus(204));
        stub(request("PUT", urlEqualTo("/" + bucket + "?tagging")), aResponse().withStatus(204));
        stub(
                request("DELETE", urlEqualTo("/" + bucket + "?tagging")),
                aResponse().withStatus(204));
        stub(request("GET", urlPathEqualTo("/" + bucket)), xml(200, "s3-list-objects-v2.xml"));
        stub(request("POST", urlEqualTo("/" + bucket + "?delete")), xml(200, "s3-delete-objects-quiet.xml"));
        stub(request("DELETE", urlEqualTo("/" + bucket)), aResponse().withStatus(204));
        // KMS: POST / with X-Amz-Target
        stubKms("DescribeKey", json(400, "kms-describe-key-not-found.json"));
        stubKms("CreateKey", json(200, "kms-create-key.json"));
        stubKms("CreateAlias", aResponse().withStatus(200).withHeader("Content-Type", KMS_JSON));
        stubKms("TagResource", aResponse().withStatus(200).withHeader("Content-Type", KMS_JSON));
        stubKms("UntagResource", aResponse().withStatus(200).withHeader("Content-Type", KMS_JSON));
        stubKms("DeleteAlias", aResponse().withStatus(200).withHeader("Content-Type", KMS_JSON));
        stubKms("ScheduleKeyDeletion", json(200, "kms-schedule-key-deletion.json"));
        // CloudWatch: Smithy RPC v2 CBOR, POST /service/GraniteServiceVersion20100801/operation/<name>
        stub(
                post(urlEqualTo(CLOUDWATCH + "PutDashboard")),
                cbor(200, java.util.Map.of("DashboardValidationMessages", List.of())));
        stub(post(urlEqualTo(CLOUDWATCH + "DeleteDashboards")), cbor(200, java.util.Map.of()));
        stub(post(urlEqualTo(CLOUDWATCH + "PutMetricData")), cbor(200, java.util.Map.of()));
    }

    @Test
    @DisplayName(
            "provision: CreateKey, CreateAlias, PutBucketEncryption, PutBucketPolicy, PutBucketTagging, PutDashboard with exact bodies")
    void provisionRequests() throws Exception {
        ShardLocation shard = mesh.internals().roomShardProvisioner().provision(room.id());

        assertThat(shard.bucket()).isEqualTo(bucket);
        assertThat(shard.kmsKeyArn()).isEqualTo(KEY_ARN);
        assertThat(shard.applied()).containsExactlyInAnyOrderElementsOf(ShardFeatures.ALL);

        aws.verify(kms("DescribeKey").withRequestBody(equalToJson("{\"KeyId\":\"" + alias + "\"}")));
        aws.verify(1, kms("CreateKey").withRequestBody(equalToJson("""
                {"Description": "Mesh Rooms: media of room %s",
                 "KeyUsage": "ENCRYPT_DECRYPT",
                 "KeySpec": "SYMMETRIC_DEFAULT",
                 "Tags": [{"TagKey": "RoomId", "TagValue": "%s"}]}""".formatted(room.id(), room.id()))));
        aws.verify(
                1,
                kms("CreateAlias")
                        .withRequestBody(
                                equalToJson("{\"AliasName\":\"" + alias + "\",\"TargetKeyId\":\"" + KEY_ID + "\"}")));
        aws.verify(0, kms("TagResource"));

        // the room's dashboard: its bucket's S3 storage metrics and its own figures in Mesh/Rooms
        var dashboard = cloudWatchRequest("PutDashboard");
        assertThat(dashboard.get("DashboardName").asText()).isEqualTo("mesh-room-" + room.id());
        var widgets = MeshCore.json()
                .readTree(dashboard.get("DashboardBody").asText())
                .get("widgets");
        assertThat(widgets.toString())
                .contains("[\"AWS/S3\",\"BucketSizeBytes\",\"BucketName\",\"" + bucket
                        + "\",\"StorageType\",\"StandardStorage\"]")
                .contains("[\"AWS/S3\",\"NumberOfObjects\",\"BucketName\",\"" + bucket
                        + "\",\"StorageType\",\"AllStorageTypes\"]")
                .contains("[\"Mesh/Rooms\",\"StorageBytes\",\"RoomId\",\"" + room.id() + "\"]")
                .contains("\"region\":\"eu-west-1\"");

        aws.verify(1, s3(putRequestedFor(urlEqualTo("/" + bucket))).withRequestBody(equalToXml("""
                <CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
                  <LocationConstraint>eu-west-1</LocationConstraint>
                </CreateBucketConfiguration>""")));
        aws.verify(
                1,
                s3(putRequestedFor(urlEqualTo("/" + bucket + "?encryption")))
                        .withRequestBody(equalToXml("""
                <ServerSideEncryptionConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
                  <Rule>
                    <ApplyServerSideEncryptionByDefault>
                      <SSEAlgorithm>aws:kms</SSEAlgorithm>
                      <KMSMasterKeyID>%s</KMSMasterKeyID>
                    </ApplyServerSideEncryptionByDefault>
                    <BucketKeyEnabled>true</BucketKeyEnabled>
                  </Rule>
                </ServerSideEncryptionConfiguration>""".formatted(KEY_ARN)))
                        .withHeader("x-amz-checksum-crc32", matching(".+")));
        String principal = "arn:aws:iam::111122223333:role/mesh-room-" + room.id();
        aws.verify(
                1, s3(putRequestedFor(urlEqualTo("/" + bucket + "?policy"))).withRequestBody(equalToJson("""
                {"Version": "2012-10-17", "Statement": [
                  {"Sid": "RoomServicePrincipalOnly", "Effect": "Allow", "Principal": {"AWS": "%1$s"},
                   "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket", "s3:GetBucketLocation"],
                   "Resource": ["arn:aws:s3:::%2$s", "arn:aws:s3:::%2$s/*"]},
                  {"Sid": "DenyEveryoneElse", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                   "Resource": ["arn:aws:s3:::%2$s", "arn:aws:s3:::%2$s/*"],
                   "Condition": {"ArnNotEquals": {"aws:PrincipalArn": "%1$s"}}}]}""".formatted(
                                principal, bucket))));
        aws.verify(
                1,
                s3(putRequestedFor(urlEqualTo("/" + bucket + "?tagging")))
                        .withRequestBody(equalToXml("""
                <Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
                  <TagSet><Tag><Key>RoomId</Key><Value>%s</Value></Tag></TagSet>
                </Tagging>""".formatted(room.id())))
                        .withHeader("x-amz-checksum-crc32", matching(".+")));
        assertThat(BucketPolicy.onlyPrincipal(bucket, principal))
                .contains("\"aws:PrincipalArn\":\"" + principal + "\"");
    }

    @Test
    @DisplayName("a re-run finds the key by its alias, reuses it and only re-applies its tag (TagResource)")
    void reusesKeyFoundByAlias() {
        mesh.internals().roomShardProvisioner().provision(room.id());
        aws.resetRequests();
        stub(request("HEAD", urlEqualTo("/" + bucket)), aResponse().withStatus(200));
        stubKms("DescribeKey", json(200, "kms-describe-key.json"));

        ShardLocation again = mesh.internals().roomShardProvisioner().provision(room.id());

        assertThat(again.kmsKeyArn()).isEqualTo(KEY_ARN);
        aws.verify(0, kms("CreateKey"));
        aws.verify(0, kms("CreateAlias"));
        aws.verify(0, s3(putRequestedFor(urlEqualTo("/" + bucket))));
        aws.verify(
                1,
                kms("TagResource")
                        .withRequestBody(equalToJson("{\"KeyId\":\"" + KEY_ID
                                + "\",\"Tags\":[{\"TagKey\":\"RoomId\",\"TagValue\":\"" + room.id() + "\"}]}")));
        aws.verify(1, s3(putRequestedFor(urlEqualTo("/" + bucket + "?encryption"))));
    }

    @Test
    @DisplayName(
            "deprovision: DeleteAlias, UntagResource, ScheduleKeyDeletion (7 days), DeleteDashboards, DeleteBucketTagging, objects, DeleteBucket")
    void deprovisionRequests() throws Exception {
        ShardLocation shard = mesh.internals().roomShardProvisioner().provision(room.id());
        aws.resetRequests();

        mesh.internals().roomShardProvisioner().deprovision(shard);

        aws.verify(1, kms("DeleteAlias").withRequestBody(equalToJson("{\"AliasName\":\"" + alias + "\"}")));
        aws.verify(
                1,
                kms("UntagResource")
                        .withRequestBody(equalToJson("{\"KeyId\":\"" + KEY_ARN + "\",\"TagKeys\":[\"RoomId\"]}")));
        aws.verify(
                1,
                kms("ScheduleKeyDeletion")
                        .withRequestBody(equalToJson("{\"KeyId\":\"" + KEY_ARN + "\",\"PendingWindowInDays\":7}")));
        aws.verify(1, s3(deleteRequestedFor(urlEqualTo("/" + bucket + "?tagging"))));
        aws.verify(1, s3(getRequestedFor(urlPathEqualTo("/" + bucket))).withQueryParam("list-type", equalTo("2")));
        aws.verify(1, s3(postRequestedFor(urlEqualTo("/" + bucket + "?delete"))).withRequestBody(equalToXml("""
                <Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
                  <Object><Key>media/ExampleObject.jpg</Key></Object>
                  <Quiet>true</Quiet>
                </Delete>""")));
        aws.verify(1, s3(deleteRequestedFor(urlEqualTo("/" + bucket))));
        assertThat(cloudWatchRequest("DeleteDashboards").get("DashboardNames").toString())
                .isEqualTo("[\"mesh-room-" + room.id() + "\"]");
        assertThat(mesh.internals().roomShardProvisioner().find(room.id())).isEmpty();
    }

    @Test
    @DisplayName("deprovision again after the dashboard is gone (DashboardNotFoundError): done, nothing left")
    void dashboardGoneAlready() throws Exception {
        ShardLocation shard = mesh.internals().roomShardProvisioner().provision(room.id());
        stub(
                post(urlEqualTo(CLOUDWATCH + "DeleteDashboards")),
                cbor(
                                404,
                                java.util.Map.of(
                                        "__type",
                                        "com.amazonaws.cloudwatch#DashboardNotFoundError",
                                        "message",
                                        "Dashboard mesh-room-" + room.id() + " does not exist"))
                        .withHeader("x-amzn-query-error", "ResourceNotFound;Sender"));
        mesh.internals().roomShardProvisioner().deprovision(shard);
        assertThat(mesh.internals().roomShardProvisioner().find(room.id())).isEmpty();
    }

    @Test
    @DisplayName("the sampler's figures of a sharded room: PutMetricData in Mesh/Rooms with the RoomId dimension")
    void publishesUsage() throws Exception {
        java.time.Instant at = java.time.Instant.parse("2026-12-06T10:15:00Z");
        rooms.publish(List.of(
                new dev.meshrooms.core.usage.UsageSample(room.id(), at, true, 5_000, 3, 2_000, 42, 7_200),
                new dev.meshrooms.core.usage.UsageSample(UUID.randomUUID(), at, false, 1, 1, 1, 1, 0)));
        var put = cloudWatchRequest("PutMetricData");
        assertThat(put.get("Namespace").asText()).isEqualTo("Mesh/Rooms");
        var data = put.get("MetricData");
        assertThat(data).hasSize(6);
        java.util.Map<String, Double> values = new java.util.HashMap<>();
        for (var datum : data) {
            assertThat(datum.get("Dimensions").toString())
                    .isEqualTo("[{\"Name\":\"RoomId\",\"Value\":\"" + room.id() + "\"}]");
            values.put(datum.get("MetricName").asText(), datum.get("Value").asDouble());
        }
        assertThat(values)
                .containsEntry("StorageBytes", 7_000.0)
                .containsEntry("Messages", 42.0)
                .containsEntry("ShardHours", 2.0)
                .containsEntry("MediaObjects", 3.0);
    }

    @Test
    @DisplayName(
            "a KMS failure mid-way (CreateAlias refused) rolls back: key scheduled for deletion, bucket and schema removed")
    void rollbackOnKmsFailure() {
        stubKms("CreateAlias", json(400, "kms-limit-exceeded.json"));

        assertThatThrownBy(() -> mesh.internals().roomShardProvisioner().provision(room.id()))
                .isInstanceOf(MeshException.class)
                .hasMessageContaining("creating alias " + alias)
                .hasMessageContaining("Too many aliases");

        aws.verify(
                1,
                kms("ScheduleKeyDeletion")
                        .withRequestBody(equalToJson("{\"KeyId\":\"" + KEY_ID + "\",\"PendingWindowInDays\":7}")));
        aws.verify(0, kms("DeleteAlias"));
        aws.verify(1, s3(deleteRequestedFor(urlEqualTo("/" + bucket))));
        aws.verify(0, s3(putRequestedFor(urlEqualTo("/" + bucket + "?encryption"))));
        assertThat(mesh.internals().roomShardProvisioner().find(room.id())).isEmpty();
        assertThat(mesh.internals().shardSchemas().exists(room.id(), null))
                .as(RoomIds.shardSchema(room.id()))
                .isFalse();
    }

    @Test
    @DisplayName("every request is signed with SigV4 for its service and region")
    void signed() {
        mesh.internals().roomShardProvisioner().provision(room.id());
        aws.verify(s3(putRequestedFor(urlEqualTo("/" + bucket + "?tagging"))));
        aws.verify(0, anyRequestedFor(anyUrl()).withHeader("Authorization", absent()));
        aws.verify(
                0,
                anyRequestedFor(anyUrl())
                        .withHeader(
                                "Authorization",
                                matching("^(?!AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY
                                        + "/\\d{8}/eu-west-1/(s3|kms|monitoring)/aws4_request, ).*")));
    }

    private void stub(MappingBuilder request, ResponseDefinitionBuilder response) {
        aws.stubFor(request.willReturn(response));
    }

    private void stubKms(String action, ResponseDefinitionBuilder response) {
        aws.stubFor(post(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("TrentService." + action))
                .willReturn(response));
    }

    private RequestPatternBuilder kms(String action) {
        return postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("TrentService." + action))
                .withHeader("Content-Type", equalTo(KMS_JSON))
                .withHeader(
                        "Authorization",
                        matching("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY
                                + "/\\d{8}/eu-west-1/kms/aws4_request, .*"));
    }

    private static RequestPatternBuilder s3(RequestPatternBuilder request) {
        return request.withHeader(
                "Authorization",
                matching("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/\\d{8}/eu-west-1/s3/aws4_request, .*"));
    }

    private ResponseDefinitionBuilder json(int status, String file) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", KMS_JSON)
                .withHeader("x-amzn-RequestId", UUID.randomUUID().toString())
                .withBody(recorded(file));
    }

    /** A CloudWatch answer: the API reference's output (or error) shape, in CBOR as Smithy RPC v2 sends it. */
    private static ResponseDefinitionBuilder cbor(int status, java.util.Map<String, Object> body) {
        try {
            return aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/cbor")
                    .withHeader("smithy-protocol", "rpc-v2-cbor")
                    .withHeader("x-amzn-RequestId", UUID.randomUUID().toString())
                    .withBody(CBOR.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The one CloudWatch request of this operation, its CBOR body read; signed for CloudWatch ("monitoring"). */
    private com.fasterxml.jackson.databind.JsonNode cloudWatchRequest(String operation) throws IOException {
        var found = aws.findAll(postRequestedFor(urlEqualTo(CLOUDWATCH + operation))
                .withHeader("smithy-protocol", equalTo("rpc-v2-cbor"))
                .withHeader(
                        "Authorization",
                        matching("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY
                                + "/\\d{8}/eu-west-1/monitoring/aws4_request, .*")));
        assertThat(found).as(operation).hasSize(1);
        return CBOR.readTree(found.get(0).getBody());
    }

    private ResponseDefinitionBuilder xml(int status, String file) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/xml")
                .withHeader("x-amz-request-id", "4442587FB7D0A2F9")
                .withBody(recorded(file));
    }

    private String recorded(String file) {
        try (InputStream in = getClass().getResourceAsStream("/aws-recorded/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("{{bucket}}", bucket)
                    .replace("{{alias}}", alias);
        } catch (IOException e) {
            throw new IllegalStateException(file, e);
        }
    }
}
