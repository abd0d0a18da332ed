package dev.meshrooms.core.shard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The bucket policy of a room's bucket: the room's service principal may read, write, list and delete objects;
 * every other principal is denied everything on the bucket and its objects ({@code aws:PrincipalArn} condition rather
 * than {@code NotPrincipal}, as AWS recommends). Anyone who administers the bucket later must be that principal or
 * the account root, which may always remove a policy.
 */
public final class BucketPolicy {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BucketPolicy() {}

    public static String onlyPrincipal(String bucket, String principalArn) {
        ObjectNode policy = JSON.createObjectNode();
        policy.put("Version", "2012-10-17");
        ArrayNode statements = policy.putArray("Statement");

        ObjectNode allow = statements.addObject();
        allow.put("Sid", "RoomServicePrincipalOnly");
        allow.put("Effect", "Allow");
        allow.putObject("Principal").put("AWS", principalArn);
        allow.putArray("Action")
                .add("s3:GetObject")
                .add("s3:PutObject")
                .add("s3:DeleteObject")
                .add("s3:ListBucket")
                .add("s3:GetBucketLocation");
        resources(allow, bucket);

        ObjectNode deny = statements.addObject();
        deny.put("Sid", "DenyEveryoneElse");
        deny.put("Effect", "Deny");
        deny.put("Principal", "*");
        deny.put("Action", "s3:*");
        resources(deny, bucket);
        deny.putObject("Condition").putObject("ArnNotEquals").put("aws:PrincipalArn", principalArn);
        return policy.toString();
    }

    private static void resources(ObjectNode statement, String bucket) {
        statement.putArray("Resource").add("arn:aws:s3:::" + bucket).add("arn:aws:s3:::" + bucket + "/*");
    }
}
