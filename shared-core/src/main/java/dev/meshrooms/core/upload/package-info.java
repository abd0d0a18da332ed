/**
 * Bundles pushed to this instance in resumable uploads: the bounds each token's uploads are held to
 * ({@link dev.meshrooms.core.upload.PushLimits}, {@link dev.meshrooms.core.upload.BundleUploads}) and the port
 * through which imports read an upload's bytes ({@link dev.meshrooms.core.upload.UploadedBundles}); the upload
 * protocol itself is the HTTP server's.
 */
package dev.meshrooms.core.upload;
