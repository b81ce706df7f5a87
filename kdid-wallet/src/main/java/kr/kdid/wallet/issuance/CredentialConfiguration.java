package kr.kdid.wallet.issuance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import kr.kdid.wallet.WalletError;
import kr.kdid.wallet.WalletException;

/**
 * One entry of {@code credential_configurations_supported} (OpenID4VCI §12.2.4, Appendix A.3).
 *
 * @param id the configuration id
 * @param format the format ({@code dc+sd-jwt} and {@code mso_mdoc} are the ones this wallet takes)
 * @param vct the SD-JWT VC type, or null if absent
 * @param doctype the ISO/IEC 18013-5 document type of an {@code mso_mdoc} configuration, or null
 * @param bindingMethods {@code cryptographic_binding_methods_supported} (empty if absent)
 * @param proofAlgorithms the JWT proof algorithms the issuer accepts (empty if absent)
 */
public record CredentialConfiguration(
    String id,
    String format,
    String vct,
    String doctype,
    List<String> bindingMethods,
    List<String> proofAlgorithms) {

  public CredentialConfiguration {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(format, "format");
    bindingMethods = List.copyOf(bindingMethods);
    proofAlgorithms = List.copyOf(proofAlgorithms);
  }

  static CredentialConfiguration fromJson(String id, JsonNode n) throws WalletException {
    if (!n.isObject() || !n.path("format").isTextual()) {
      throw new WalletException(
          WalletError.ISSUER_METADATA_INVALID, "configuration " + id + " has no format");
    }
    JsonNode vct = n.get("vct");
    JsonNode doctype = n.get("doctype");
    return new CredentialConfiguration(
        id,
        n.get("format").textValue(),
        vct != null && vct.isTextual() ? vct.textValue() : null,
        doctype != null && doctype.isTextual() ? doctype.textValue() : null,
        strings(n.get("cryptographic_binding_methods_supported")),
        strings(
            n.path("proof_types_supported").path("jwt").get("proof_signing_alg_values_supported")));
  }

  private static List<String> strings(JsonNode n) {
    List<String> out = new ArrayList<>();
    if (n != null && n.isArray()) {
      n.forEach(x -> out.add(x.asText()));
    }
    return out;
  }

  /** True for an SD-JWT VC configuration ({@code dc+sd-jwt}). */
  public boolean isSdJwtVc() {
    return OpenId4VciSpec.FORMAT_SD_JWT_VC.equals(format);
  }

  /** True for an ISO/IEC 18013-5 mdoc configuration ({@code mso_mdoc}). */
  public boolean isMdoc() {
    return OpenId4VciSpec.FORMAT_MSO_MDOC.equals(format);
  }

  /**
   * Checks that this wallet can receive it: an SD-JWT VC with a {@code vct}, bound to a JWK, or an
   * mdoc with a {@code doctype}, bound to a COSE_Key; either proven with ES256 JWT key proofs.
   *
   * @throws WalletException CONFIGURATION_UNSUPPORTED naming what is missing
   */
  public void checkSupported() throws WalletException {
    if (isMdoc()) {
      if (doctype == null || doctype.isEmpty()) {
        throw unsupported("it names no doctype");
      }
      if (!bindingMethods.contains(OpenId4VciSpec.BINDING_COSE_KEY)) {
        throw unsupported("it is not bound to a device key (cose_key)");
      }
      if (!proofAlgorithms.contains("ES256")) {
        throw unsupported("the issuer does not accept ES256 key proofs");
      }
      return;
    }
    if (!isSdJwtVc()) {
      throw unsupported(
          "its format is " + format + "; this wallet takes dc+sd-jwt and mso_mdoc only");
    }
    if (vct == null || vct.isEmpty()) {
      throw unsupported("it names no vct");
    }
    if (!bindingMethods.contains(OpenId4VciSpec.BINDING_JWK)) {
      throw unsupported("it is not bound to a holder key (jwk)");
    }
    if (!proofAlgorithms.contains("ES256")) {
      throw unsupported("the issuer does not accept ES256 key proofs");
    }
  }

  private WalletException unsupported(String why) {
    return new WalletException(
        WalletError.CONFIGURATION_UNSUPPORTED, "cannot receive credential " + id + ": " + why);
  }
}
