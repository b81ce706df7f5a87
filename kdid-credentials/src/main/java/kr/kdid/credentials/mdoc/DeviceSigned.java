package kr.kdid.credentials.mdoc;

import com.upokecenter.cbor.CBORObject;
import java.util.Objects;
import java.util.Optional;

/**
 * DeviceSigned (ISO/IEC 18013-5 §8.3.2.1.2.2): device-signed data elements (DeviceNameSpacesBytes,
 * kept as received) and deviceAuth, which holds either a deviceSignature (COSE_Sign1 with a
 * detached payload) or a deviceMac (COSE_Mac0). Immutable.
 */
public final class DeviceSigned {
  private final byte[] nameSpacesContent; // bstr content of DeviceNameSpacesBytes
  private final CoseSign1 deviceSignature; // null if deviceMac
  private final CoseMac0 deviceMac; // null if deviceSignature

  private DeviceSigned(byte[] nameSpacesContent, CoseSign1 signature, CoseMac0 mac) {
    this.nameSpacesContent = nameSpacesContent;
    this.deviceSignature = signature;
    this.deviceMac = mac;
  }

  /** A DeviceSigned with a deviceSignature. */
  static DeviceSigned withSignature(byte[] nameSpacesContent, CoseSign1 signature) {
    return new DeviceSigned(nameSpacesContent.clone(), Objects.requireNonNull(signature), null);
  }

  /** A DeviceSigned with a deviceMac. */
  static DeviceSigned withMac(byte[] nameSpacesContent, CoseMac0 mac) {
    return new DeviceSigned(nameSpacesContent.clone(), null, Objects.requireNonNull(mac));
  }

  /** The deviceSignature, if device authentication is by signature. */
  public Optional<CoseSign1> deviceSignature() {
    return Optional.ofNullable(deviceSignature);
  }

  /** The deviceMac, if device authentication is by MAC. */
  public Optional<CoseMac0> deviceMac() {
    return Optional.ofNullable(deviceMac);
  }

  byte[] nameSpacesContent() {
    return nameSpacesContent;
  }

  CBORObject toCbor() {
    CBORObject o = CBORObject.NewOrderedMap();
    o.Add("nameSpaces", Cbor.tag24(nameSpacesContent));
    CBORObject auth = CBORObject.NewOrderedMap();
    if (deviceSignature != null) {
      auth.Add("deviceSignature", deviceSignature.toCbor());
    } else {
      auth.Add("deviceMac", deviceMac.toCbor());
    }
    o.Add("deviceAuth", auth);
    return o;
  }

  static DeviceSigned fromCbor(CBORObject o) throws MdocException {
    Cbor.map(o, "DeviceSigned");
    byte[] ns = Cbor.tag24Content(Cbor.req(o, "nameSpaces", "DeviceSigned"), "DeviceNameSpaces");
    Cbor.map(Cbor.decode(ns, "DeviceNameSpaces"), "DeviceNameSpaces");
    CBORObject auth = Cbor.map(Cbor.req(o, "deviceAuth", "DeviceSigned"), "DeviceAuth");
    CBORObject sig = Cbor.opt(auth, "deviceSignature");
    CBORObject mac = Cbor.opt(auth, "deviceMac");
    if ((sig == null) == (mac == null)) {
      throw Cbor.malformed("deviceAuth must have exactly one of deviceSignature, deviceMac");
    }
    return sig != null
        ? new DeviceSigned(ns, CoseSign1.fromCbor(sig), null)
        : new DeviceSigned(ns, null, CoseMac0.fromCbor(mac));
  }
}
