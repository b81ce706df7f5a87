package kr.kdid.core.did;

import com.fasterxml.jackson.databind.node.ObjectNode;
import kr.kdid.core.json.Json;

/**
 * The result of resolving a DID (W3C DID Resolution §"DID Resolution Result"). Either a document
 * (possibly deactivated) or an error.
 *
 * @param document the document, or null on error
 * @param metadata the document metadata ({@link DocumentMetadata#EMPTY} on error)
 * @param error the error, or null on success
 * @param errorMessage a human-readable explanation of the error, or null
 */
public record DidResolutionResult(
    DidDocument document, DocumentMetadata metadata, ResolutionError error, String errorMessage) {

  public static final String CONTEXT = "https://w3id.org/did-resolution/v1";
  public static final String MEDIA_TYPE = "application/did-resolution+json";
  public static final String DID_MEDIA_TYPE = "application/did+json";

  public DidResolutionResult {
    if ((document == null) == (error == null)) {
      throw new IllegalArgumentException("a result has either a document or an error");
    }
    if (metadata == null) {
      metadata = DocumentMetadata.EMPTY;
    }
  }

  public static DidResolutionResult found(DidDocument document, DocumentMetadata metadata) {
    return new DidResolutionResult(document, metadata, null, null);
  }

  public static DidResolutionResult error(ResolutionError error, String message) {
    return new DidResolutionResult(null, DocumentMetadata.EMPTY, error, message);
  }

  public boolean isFound() {
    return document != null;
  }

  public boolean isDeactivated() {
    return metadata.deactivated();
  }

  /** The result in the W3C DID Resolution JSON shape. */
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("@context", CONTEXT);
    if (document != null) {
      o.set("didDocument", document.toJson());
    } else {
      o.putNull("didDocument");
    }
    ObjectNode rm = o.putObject("didResolutionMetadata");
    if (error != null) {
      rm.put("error", error.code());
      if (errorMessage != null) {
        rm.put("errorMessage", errorMessage);
      }
    } else {
      rm.put("contentType", DID_MEDIA_TYPE);
    }
    o.set("didDocumentMetadata", metadata.toJson());
    return o;
  }
}
