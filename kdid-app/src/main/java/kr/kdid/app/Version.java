package kr.kdid.app;

import picocli.CommandLine;

/** The version printed by {@code kdid --version}. */
public final class Version implements CommandLine.IVersionProvider {
  public static String current() {
    String v = Version.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }

  @Override
  public String[] getVersion() {
    return new String[] {
      "K-DID " + current(),
      "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
    };
  }
}
