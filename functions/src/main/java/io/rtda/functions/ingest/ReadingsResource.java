package io.rtda.functions.ingest;

import io.rtda.functions.config.RtdaConfig;
import io.rtda.functions.problem.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** {@code POST /api/v1/readings}: a thin adapter over {@link IngestService}. */
@Path("/api/v1/readings")
public class ReadingsResource {
    private final IngestService ingest;
    private final long maxBodyBytes;

    @Inject
    public ReadingsResource(IngestService ingest, RtdaConfig config) {
        this.ingest = ingest;
        this.maxBodyBytes = config.ingest().maxBodyBytes();
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, IngestService.NDJSON})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ingest readings", description = "A JSON array of readings (or one reading object), or "
            + "NDJSON with one reading per line. Valid records are stored even when others are refused; each "
            + "refused record is listed with its index, field and reason.")
    @SecurityRequirement(name = "apiKey")
    public IngestResponse post(@HeaderParam("Content-Type") String contentType,
            @HeaderParam("Content-Length") Long contentLength, InputStream body) {
        if (contentLength != null && contentLength > maxBodyBytes) {
            throw tooLarge(contentLength);
        }
        boolean ndjson = contentType != null && contentType.toLowerCase(java.util.Locale.ROOT)
                .startsWith(IngestService.NDJSON);
        // Funqy's CloudEvents binding installs a body handler on every route; it has consumed an empty body
        // already, and reading the stream then would wait forever.
        byte[] bytes = contentLength != null && contentLength == 0 ? new byte[0] : read(body);
        try {
            return ingest.ingest(bytes, ndjson);
        } catch (MalformedBodyException e) {
            throw new ProblemException(400, "malformed-body", "Malformed body", e.getMessage());
        } catch (TooManyRecordsException e) {
            throw new ProblemException(413, "too-many-records", "Too many records", e.getMessage());
        }
    }

    private byte[] read(InputStream in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        byte[] buffer = new byte[16384];
        long total = 0;
        try (in) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
                if (total > maxBodyBytes) {
                    throw tooLarge(total);
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new ProblemException(400, "unreadable-body", "Unreadable body", "the request body could not be "
                    + "read: " + e.getMessage());
        }
        return out.toByteArray();
    }

    private ProblemException tooLarge(long size) {
        return new ProblemException(413, "body-too-large", "Body too large", "the body has " + size
                + "+ bytes, over rtda.ingest.max-body-bytes (" + maxBodyBytes + "); split it into smaller batches");
    }
}
