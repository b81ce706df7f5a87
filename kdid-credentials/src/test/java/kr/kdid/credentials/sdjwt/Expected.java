package kr.kdid.credentials.sdjwt;

import com.fasterxml.jackson.databind.JsonNode;
import kr.kdid.core.json.Json;

/**
 * The Processed SD-JWT Payloads the specifications state for their examples, taken from the figures
 * of RFC 9901 (draft -22 text) and of the SD-JWT VC editor's copy. "_FULL" payloads, for issued
 * SD-JWTs with every Disclosure, are the input claims of the example plus the plaintext claims of
 * its Issuer-signed JWT payload, as the same texts show them.
 */
public final class Expected {
  private Expected() {}

  public static JsonNode json(String text) {
    return Json.parse(text);
  }

  /** RFC 9901 §5.1 with all Disclosures: the input claims and iss, iat, exp, cnf. */
  public static final String RFC_5_1_FULL =
      """
      {
        "iss": "https://issuer.example.com",
        "iat": 1683000000,
        "exp": 1883000000,
        "cnf": {
          "jwk": {
            "kty": "EC",
            "crv": "P-256",
            "x": "TCAER19Zvu3OHF4j4W4vfSVoHIP1ILilDls7vCeGemc",
            "y": "ZxjiWWbZMQGHVWKVQ4hbSIirsVfuecCE6t4jT9F2HZQ"
          }
        },
        "sub": "user_42",
        "given_name": "John",
        "family_name": "Doe",
        "email": "johndoe@example.com",
        "phone_number": "+1-202-555-0101",
        "phone_number_verified": true,
        "address": {
          "street_address": "123 Main St",
          "locality": "Anytown",
          "region": "Anystate",
          "country": "US"
        },
        "birthdate": "1940-01-01",
        "updated_at": 1570000000,
        "nationalities": [
          "US",
          "DE"
        ]
      }
      """;

  /** RFC 9901 §5.2, the processed payload after the presentation. */
  public static final String RFC_5_2 =
      """
      {
        "iss": "https://issuer.example.com",
        "iat": 1683000000,
        "exp": 1883000000,
        "sub": "user_42",
        "nationalities": [
          "US"
        ],
        "cnf": {
          "jwk": {
            "kty": "EC",
            "crv": "P-256",
            "x": "TCAER19Zvu3OHF4j4W4vfSVoHIP1ILilDls7vCeGemc",
            "y": "ZxjiWWbZMQGHVWKVQ4hbSIirsVfuecCE6t4jT9F2HZQ"
          }
        },
        "family_name": "Doe",
        "address": {
          "street_address": "123 Main St",
          "locality": "Anytown",
          "region": "Anystate",
          "country": "US"
        },
        "given_name": "John"
      }
      """;

  /** RFC 9901 A.1, presentation of region and country. */
  public static final String RFC_A_1 =
      """
      {
        "iss": "https://issuer.example.com",
        "iat": 1683000000,
        "exp": 1883000000,
        "address": {
          "region": "港区",
          "country": "JP"
        }
      }
      """;

  /** RFC 9901 A.2, the presentation. */
  public static final String RFC_A_2 =
      """
      {
        "iss": "https://issuer.example.com",
        "iat": 1683000000,
        "exp": 1883000000,
        "verified_claims": {
          "verification": {
            "trust_framework": "de_aml",
            "evidence": [
              {
                "method": "pipp"
              }
            ],
            "time": "2012-04-23T18:25Z"
          },
          "claims": {
            "given_name": "Max",
            "family_name": "Müller",
            "address": {
              "locality": "Maxstadt",
              "postal_code": "12344",
              "country": "DE",
              "street_address": "Weidenstraße 22"
            }
          }
        }
      }
      """;

  /** RFC 9901 A.3 with all Disclosures: the input claims and iat, exp, cnf. */
  public static final String RFC_A_3_FULL =
      """
      {
        "iat": 1683000000,
        "exp": 1883000000,
        "cnf": {
          "jwk": {
            "kty": "EC",
            "crv": "P-256",
            "x": "TCAER19Zvu3OHF4j4W4vfSVoHIP1ILilDls7vCeGemc",
            "y": "ZxjiWWbZMQGHVWKVQ4hbSIirsVfuecCE6t4jT9F2HZQ"
          }
        },
        "vct": "urn:eudi:pid:de:1",
        "iss": "https://pid-issuer.bund.de.example",
        "given_name": "Erika",
        "family_name": "Mustermann",
        "birthdate": "1963-08-12",
        "address": {
          "street_address": "Heidestraße 17",
          "locality": "Köln",
          "postal_code": "51147",
          "country": "DE"
        },
        "nationalities": [
          "DE"
        ],
        "sex": 2,
        "birth_family_name": "Gabler",
        "place_of_birth": {
          "locality": "Berlin",
          "country": "DE"
        },
        "age_equal_or_over": {
          "12": true,
          "14": true,
          "16": true,
          "18": true,
          "21": true,
          "65": false
        },
        "age_in_years": 62,
        "age_birth_year": 1963,
        "issuance_date": "2020-03-11",
        "expiry_date": "2030-03-12",
        "issuing_authority": "DE",
        "issuing_country": "DE"
      }
      """;

  /** RFC 9901 A.3, the SD-JWT+KB presentation. */
  public static final String RFC_A_3_KB =
      """
      {
        "iss": "https://pid-issuer.bund.de.example",
        "iat": 1683000000,
        "exp": 1883000000,
        "vct": "urn:eudi:pid:de:1",
        "cnf": {
          "jwk": {
            "kty": "EC",
            "crv": "P-256",
            "x": "TCAER19Zvu3OHF4j4W4vfSVoHIP1ILilDls7vCeGemc",
            "y": "ZxjiWWbZMQGHVWKVQ4hbSIirsVfuecCE6t4jT9F2HZQ"
          }
        },
        "age_equal_or_over": {
          "18": true
        },
        "nationalities": [
          "DE"
        ]
      }
      """;

  /** RFC 9901 A.4 with all Disclosures: the input claims and cnf. */
  public static final String RFC_A_4_FULL =
      """
      {
        "cnf": {
          "jwk": {
            "kty": "EC",
            "crv": "P-256",
            "x": "TCAER19Zvu3OHF4j4W4vfSVoHIP1ILilDls7vCeGemc",
            "y": "ZxjiWWbZMQGHVWKVQ4hbSIirsVfuecCE6t4jT9F2HZQ"
          }
        },
        "@context": [
          "https://www.w3.org/2018/credentials/v1",
          "https://w3id.org/vaccination/v1"
        ],
        "type": [
          "VerifiableCredential",
          "VaccinationCertificate"
        ],
        "issuer": "https://example.com/issuer",
        "issuanceDate": "2023-02-09T11:01:59Z",
        "expirationDate": "2028-02-08T11:01:59Z",
        "name": "COVID-19 Vaccination Certificate",
        "description": "COVID-19 Vaccination Certificate",
        "credentialSubject": {
          "vaccine": {
            "type": "Vaccine",
            "atcCode": "J07BX03",
            "medicinalProductName": "COVID-19 Vaccine Moderna",
            "marketingAuthorizationHolder": "Moderna Biotech"
          },
          "nextVaccinationDate": "2021-08-16T13:40:12Z",
          "countryOfVaccination": "GE",
          "dateOfVaccination": "2021-06-23T13:40:12Z",
          "order": "3/3",
          "recipient": {
            "type": "VaccineRecipient",
            "gender": "Female",
            "birthDate": "1961-08-17",
            "givenName": "Marion",
            "familyName": "Mustermann"
          },
          "type": "VaccinationEvent",
          "administeringCentre": "Praxis Sommergarten",
          "batchNumber": "1626382736",
          "healthProfessional": "883110000015376"
        }
      }
      """;

  /** RFC 9901 A.4, the SD-JWT+KB presentation. */
  public static final String RFC_A_4_KB =
      """
      {
        "@context": [
          "https://www.w3.org/2018/credentials/v1",
          "https://w3id.org/vaccination/v1"
        ],
        "type": [
          "VerifiableCredential",
          "VaccinationCertificate"
        ],
        "issuer": "https://example.com/issuer",
        "issuanceDate": "2023-02-09T11:01:59Z",
        "expirationDate": "2028-02-08T11:01:59Z",
        "name": "COVID-19 Vaccination Certificate",
        "description": "COVID-19 Vaccination Certificate",
        "credentialSubject": {
          "vaccine": {
            "type": "Vaccine",
            "atcCode": "J07BX03",
            "medicinalProductName": "COVID-19 Vaccine Moderna"
          },
          "recipient": {
            "type": "VaccineRecipient"
          },
          "type": "VaccinationEvent",
          "order": "3/3",
          "dateOfVaccination": "2021-06-23T13:40:12Z"
        },
        "cnf": {
          "jwk": {
            "kty": "EC",
            "crv": "P-256",
            "x": "TCAER19Zvu3OHF4j4W4vfSVoHIP1ILilDls7vCeGemc",
            "y": "ZxjiWWbZMQGHVWKVQ4hbSIirsVfuecCE6t4jT9F2HZQ"
          }
        }
      }
      """;

  /** SD-JWT VC §2.3.1 with all Disclosures: Figure 5 and iss, iat, exp, cnf of Figure 6. */
  public static final String VC_2_3_1_FULL =
      """
      {
        "iss": "https://example.com/issuer",
        "iat": 1683000000,
        "exp": 1883000000,
        "cnf": {
          "jwk": {
            "kty": "EC",
            "crv": "P-256",
            "x": "TCAER19Zvu3OHF4j4W4vfSVoHIP1ILilDls7vCeGemc",
            "y": "ZxjiWWbZMQGHVWKVQ4hbSIirsVfuecCE6t4jT9F2HZQ"
          }
        },
        "vct": "https://credentials.example.com/identity_credential",
        "given_name": "John",
        "family_name": "Doe",
        "email": "johndoe@example.com",
        "phone_number": "+1-202-555-0101",
        "address": {
          "street_address": "123 Main St",
          "locality": "Anytown",
          "region": "Anystate",
          "country": "US"
        },
        "birthdate": "1940-01-01",
        "is_over_18": true,
        "is_over_21": true,
        "is_over_65": true
      }
      """;

  /** SD-JWT VC §2.3.2, Figure 9. */
  public static final String VC_2_3_2_KB =
      """
      {
        "iss": "https://example.com/issuer",
        "iat": 1683000000,
        "exp": 1883000000,
        "vct": "https://credentials.example.com/identity_credential",
        "cnf": {
          "jwk": {
            "kty": "EC",
            "crv": "P-256",
            "x": "TCAER19Zvu3OHF4j4W4vfSVoHIP1ILilDls7vCeGemc",
            "y": "ZxjiWWbZMQGHVWKVQ4hbSIirsVfuecCE6t4jT9F2HZQ"
          }
        },
        "is_over_65": true,
        "address": {
          "street_address": "123 Main St",
          "locality": "Anytown",
          "region": "Anystate",
          "country": "US"
        }
      }
      """;

  /** SD-JWT VC §2.3.2, Figure 11 (presentation without KB-JWT). */
  public static final String VC_2_3_2 =
      """
      {
        "iss": "https://example.com/issuer",
        "iat": 1683000000,
        "exp": 1883000000,
        "vct": "https://credentials.example.com/identity_credential",
        "is_over_65": true,
        "address": {
          "street_address": "123 Main St",
          "locality": "Anytown",
          "region": "Anystate",
          "country": "US"
        }
      }
      """;

  /** SD-JWT VC A.1 with all Disclosures: Figure 23 and iat, exp, cnf of Figure 24. */
  public static final String VC_A_1_FULL =
      """
      {
        "iat": 1683000000,
        "exp": 1883000000,
        "cnf": {
          "jwk": {
            "kty": "EC",
            "crv": "P-256",
            "x": "TCAER19Zvu3OHF4j4W4vfSVoHIP1ILilDls7vCeGemc",
            "y": "ZxjiWWbZMQGHVWKVQ4hbSIirsVfuecCE6t4jT9F2HZQ"
          }
        },
        "iss": "https://pid-issuer.aendgard.example",
        "vct": "urn:example:eudi:pid:aendgard:1",
        "given_name": "Astrid",
        "family_name": "Holmgren",
        "birthdate": "1978-04-10",
        "address": {
          "street_address": "Sjøgata 12",
          "locality": "Viken",
          "postal_code": "12001",
          "country": "Kingdom of Ændgard"
        },
        "nationalities": [
          "Ændgard"
        ],
        "sex": 2,
        "birth_family_name": "Jensen",
        "place_of_birth": {
          "locality": "Ændholm",
          "country": "Kingdom of Ændgard"
        },
        "age_equal_or_over": {
          "12": true,
          "14": true,
          "16": true,
          "18": true,
          "21": true,
          "65": false
        },
        "age_in_years": 47,
        "age_birth_year": 1978,
        "portrait": "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACQAAAAWAQMAAACSfKx9AAAAAXNSR0IB2cksfwAAAARnQU1BAACxjwv8YQUAAAAgY0hSTQAAeiYAAICEAAD6AAAAgOgAAHUwAADqYAAAOpgAABdwnLpRPAAAAAZQTFRFAAAA////pdmf3QAAAFFJREFUCNdNylENgDAQA9ASBJyEWcDBLE0CTpDCpCDhPvexrBwlC/y8NG3RMunw9Ai5p6/pr/ZzlcAi4WiRN1nlXAesOgheBTSO8JDnND6Z3W+d90fCnTjjKQAAAABJRU5ErkJggg==",
        "issuance_date": "2024-01-15",
        "expiry_date": "2034-01-15",
        "issuing_authority": "Kingdom of Ændgard, Ministry of Interior",
        "issuing_country": "ÆG"
      }
      """;

  /** SD-JWT VC A.1, Figure 28. */
  public static final String VC_A_1_KB =
      """
      {
        "iss": "https://pid-issuer.aendgard.example",
        "iat": 1683000000,
        "exp": 1883000000,
        "vct": "urn:example:eudi:pid:aendgard:1",
        "cnf": {
          "jwk": {
            "kty": "EC",
            "crv": "P-256",
            "x": "TCAER19Zvu3OHF4j4W4vfSVoHIP1ILilDls7vCeGemc",
            "y": "ZxjiWWbZMQGHVWKVQ4hbSIirsVfuecCE6t4jT9F2HZQ"
          }
        },
        "age_equal_or_over": {
          "18": true
        },
        "nationalities": [
          "Ændgard"
        ]
      }
      """;
}
