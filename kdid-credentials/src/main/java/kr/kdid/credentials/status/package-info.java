/**
 * IETF Token Status List, JWT form (draft-ietf-oauth-status-list, main text of 2026-04-20).
 *
 * <ul>
 *   <li>{@link kr.kdid.credentials.status.StatusList}: the bit-packed list and its {@code lst}
 *       encoding (ZLIB, least significant bit first), with a bounded decoder.
 *   <li>{@link kr.kdid.credentials.status.StatusListToken}: signing and verifying Status List
 *       Tokens ({@code typ: statuslist+jwt}) and reading a Referenced Token's status.
 *   <li>{@link kr.kdid.credentials.status.StatusReference}: the {@code status.status_list} claim of
 *       a Referenced Token.
 *   <li>{@link kr.kdid.credentials.status.IndexAllocator}: random, non-sequential index assignment
 *       for issuers, with a fill limit that keeps the herd large.
 *   <li>{@link kr.kdid.credentials.status.StatusListCache}: a verifier's thread-safe cache that
 *       honours {@code ttl} (clamped) and {@code exp}.
 * </ul>
 *
 * <p>Every failure to establish a status is a {@link kr.kdid.credentials.status.StatusException};
 * the Referenced Token is then rejected.
 */
package kr.kdid.credentials.status;
