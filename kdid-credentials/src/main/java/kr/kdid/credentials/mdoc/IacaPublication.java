package kr.kdid.credentials.mdoc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import kr.kdid.core.did.Did;
import kr.kdid.core.did.DidDocument;
import kr.kdid.core.did.Service;
import kr.kdid.core.json.Json;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * How a K-DID issuer publishes its IACA root on the ledger, and how a verifier finds it: a service
 * of the issuer's DID document,
 *
 * <pre>{@code
 * {"id": "<did>#iaca", "type": "Iso18013IacaCertificate",
 *  "serviceEndpoint": {"x5c": ["<base64 DER>", ...]}}
 * }</pre>
 *
 * and, in every certificate the issuer makes (IACA and document signer), its DID as the
 * issuerAlternativeName URI, so that a verifier holding an mdoc knows which DID document to read.
 * The DID is only a pointer: the document signer must still chain to an IACA that document lists,
 * and the DID must still be accredited for the doctype's credential type.
 */
public final class IacaPublication {
  /** The DID service type. */
  public static final String SERVICE_TYPE = "Iso18013IacaCertificate";

  /** The fragment of the service id. */
  public static final String SERVICE_FRAGMENT = "iaca";

  private IacaPublication() {}

  /** The service publishing these IACA certificates in {@code did}'s document. */
  public static Service service(Did did, List<X509Certificate> iacas) {
    ObjectNode endpoint = Json.object();
    var x5c = endpoint.putArray("x5c");
    for (X509Certificate c : iacas) {
      x5c.add(base64(c));
    }
    return new Service(
        did.withFragment(SERVICE_FRAGMENT).toString(), TextNode.valueOf(SERVICE_TYPE), endpoint);
  }

  /** The IACA certificates a DID document publishes; unparseable entries are skipped. */
  public static List<X509Certificate> certificates(DidDocument doc) {
    List<X509Certificate> out = new ArrayList<>();
    for (Service s : doc.service()) {
      if (!s.type().isTextual() || !SERVICE_TYPE.equals(s.type().asText())) {
        continue;
      }
      for (var c : s.serviceEndpoint().path("x5c")) {
        if (c.isTextual()) {
          parse(c.textValue()).ifPresent(out::add);
        }
      }
    }
    return out;
  }

  /**
   * The issuerAlternativeName URI of a certificate (K-DID puts the issuer's DID there).
   *
   * @param der the certificate
   */
  public static Optional<String> issuerUri(byte[] der) {
    try {
      X509CertificateHolder h = new X509CertificateHolder(der);
      Extension ext = h.getExtension(Extension.issuerAlternativeName);
      if (ext == null) {
        return Optional.empty();
      }
      for (GeneralName n : GeneralNames.getInstance(ext.getParsedValue()).getNames()) {
        if (n.getTagNo() == GeneralName.uniformResourceIdentifier) {
          return Optional.of(n.getName().toString());
        }
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Base64 (not URL-safe, as x5c) DER of a certificate. */
  public static String base64(X509Certificate c) {
    try {
      return Base64.getEncoder().encodeToString(c.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("cannot encode a certificate", e);
    }
  }

  /** A certificate from base64 DER, if it is one. */
  public static Optional<X509Certificate> parse(String base64) {
    try {
      return Optional.of(
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(
                      new ByteArrayInputStream(Base64.getDecoder().decode(base64))));
    } catch (CertificateException | IllegalArgumentException | ClassCastException e) {
      return Optional.empty();
    }
  }
}
