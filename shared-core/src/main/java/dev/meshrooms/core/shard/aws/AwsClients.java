package dev.meshrooms.core.shard.aws;

import dev.meshrooms.core.media.s3.S3Settings;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/** The S3, KMS and CloudWatch clients of the shard storage, with the same endpoint, region and credentials as the media store. */
final class AwsClients {
    private AwsClients() {}

    static Region region(S3Settings settings) {
        return Region.of(settings.region() == null ? "us-east-1" : settings.region());
    }

    static AwsCredentialsProvider credentials(S3Settings settings) {
        return settings.accessKeyId() == null
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey()));
    }

    static S3Client s3(S3Settings settings) {
        var builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(region(settings))
                .credentialsProvider(credentials(settings))
                .serviceConfiguration(S3Configuration.builder()
                        .pathStyleAccessEnabled(settings.pathStyle())
                        .build())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder.build();
    }

    /** @param endpoint null: CloudWatch in the store's region */
    static software.amazon.awssdk.services.cloudwatch.CloudWatchClient cloudWatch(S3Settings settings, URI endpoint) {
        return regional(software.amazon.awssdk.services.cloudwatch.CloudWatchClient.builder(), settings, endpoint);
    }

    /** @param endpoint null: AWS KMS in the store's region */
    static KmsClient kms(S3Settings settings, URI endpoint) {
        return regional(KmsClient.builder(), settings, endpoint);
    }

    /** A client of one service with the store's region and credentials, at {@code endpoint} when given. */
    private static <
                    B extends
                            software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>
                                    & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>,
                    C>
            C regional(B builder, S3Settings settings, URI endpoint) {
        builder.httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(region(settings))
                .credentialsProvider(credentials(settings));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }
}
