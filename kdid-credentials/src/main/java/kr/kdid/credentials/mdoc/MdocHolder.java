package kr.kdid.credentials.mdoc;

import com.upokecenter.cbor.CBORObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.Signer;

/**
 * The wallet side: presents an issued mdoc with selective disclosure and device authentication by
 * signature (ISO/IEC 18013-5 §9.1.3, mdoc ECDSA authentication). The device key signs through
 * {@link Signer}, so it can live in the phone's key store.
 */
public final class MdocHolder {
  private static final byte[] EMPTY_MAP = CBORObject.NewMap().EncodeToBytes();

  private MdocHolder() {}

  /**
   * A Document with only the selected elements (their original bytes) and a deviceSignature over
   * DeviceAuthenticationBytes for this session. DeviceNameSpaces is empty.
   *
   * @param credential the IssuerSigned as issued
   * @param elements namespace to element identifiers to disclose
   * @param transcript the session (e.g. {@link SessionTranscript#openId4VpRedirect})
   * @param deviceKey the key whose public part is the MSO's deviceKey
   * @throws MdocException MALFORMED if the credential's MSO cannot be read
   * @throws IllegalArgumentException if the device key is not ES256
   */
  public static Document present(
      IssuerSigned credential,
      Map<String, Set<String>> elements,
      SessionTranscript transcript,
      Signer deviceKey)
      throws MdocException {
    if (deviceKey.algorithm() != SignatureAlgorithm.ES256) {
      throw new IllegalArgumentException("the device key must be ES256");
    }
    String docType = credential.mso().docType();
    byte[] auth = transcript.deviceAuthenticationBytes(docType, EMPTY_MAP);
    CoseSign1 sig = CoseSign1.sign(deviceKey, auth, true, List.of());
    return new Document(
        docType, credential.select(elements), DeviceSigned.withSignature(EMPTY_MAP, sig));
  }

  /** A DeviceResponse with one document, status 0. */
  public static DeviceResponse respond(Document document) {
    return DeviceResponse.of(List.of(document));
  }
}
