package kr.kdid.credentials.mdoc;

import kr.kdid.credentials.catalog.CredentialType;

/**
 * The ISO/IEC 18013-5 document type and namespace of each K-DID catalog type, derived from the
 * catalog type id in this one place: the driver's licence ({@code kr.mdl}) is an ISO mDL ({@value
 * Iso18013_5#MDL_DOCTYPE}, namespace {@value Iso18013_5#MDL_NAMESPACE}); every other type {@code
 * kr.<name>} has doctype and namespace {@code kr.kdid.<name>.1}. The catalog files repeat these
 * values, and a test keeps the two in step.
 *
 * @param docType the document type
 * @param namespace the namespace of its data elements
 */
public record MdocTypes(String docType, String namespace) {
  /** The catalog id of the mobile driver's licence. */
  public static final String MDL_TYPE_ID = "kr.mdl";

  /** The version suffix of K-DID's own doctypes and namespaces. */
  public static final String KDID_VERSION = "1";

  /**
   * The doctype and namespace for a catalog type id.
   *
   * @throws IllegalArgumentException if the id is not of the form {@code kr.<name>}
   */
  public static MdocTypes forTypeId(String typeId) {
    if (MDL_TYPE_ID.equals(typeId)) {
      return new MdocTypes(Iso18013_5.MDL_DOCTYPE, Iso18013_5.MDL_NAMESPACE);
    }
    if (typeId == null || !typeId.matches("kr\\.[a-z0-9][a-z0-9-]*")) {
      throw new IllegalArgumentException("not a K-DID catalog type id: " + typeId);
    }
    String v = "kr.kdid." + typeId.substring("kr.".length()) + "." + KDID_VERSION;
    return new MdocTypes(v, v);
  }

  /**
   * The doctype and namespace of a catalog type: the catalog's own (the data every service reads),
   * else the naming rule of {@link #forTypeId} for a type whose file names none.
   */
  public static MdocTypes of(CredentialType type) {
    if (type.doctype() != null && type.namespace() != null) {
      return new MdocTypes(type.doctype(), type.namespace());
    }
    return forTypeId(type.id());
  }
}
