/**
 * The gRPC receive limit, sized to the largest request the data source answers with a diagnostic rather than a
 * transport error. A ReadDataSource or ValidateDataResourceConfig request carries the configuration as msgpack: the
 * secret blocks' strings (no more than the manifest they make, so at most CAPS.maxManifestBytes once the caps hold),
 * per block a map header and the three keys with their string headers (35 bytes, 7000 for CAPS.maxEntries blocks),
 * home_dir (at most a 4096-byte path), the null computed attributes and the request's own fields (type name,
 * capabilities: well under 1 KiB). 64 KiB covers everything but the strings: 2 MiB + 64 KiB = 2162688 bytes. The
 * largest configuration within Coder's per-secret limits (50 blocks, 256-byte names, 4096-byte paths, 24 KiB values)
 * is about 1.45 MB.
 */
import { CAPS } from "../../../lib/core/caps";

export const MAX_REQUEST_BYTES = CAPS.maxManifestBytes + 64 * 1024;
