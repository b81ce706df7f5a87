package kr.kdid.verifier;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The verifiers of a process by name, so that HTTP routes can be registered before the services
 * have started (a verifier starts only once the ledger is up). A name is {@link #expect expected}
 * when configured and {@link #started started} once its service runs. Thread-safe.
 */
public final class VerifierRegistry {
  /** What a name refers to now. */
  public sealed interface Lookup {
    /** A running verifier. */
    record Running(VerifierService service) implements Lookup {}

    /** Configured, not started yet. */
    record Starting() implements Lookup {}

    /** No verifier of this name in this process. */
    record Unknown() implements Lookup {}
  }

  private final Map<String, VerifierService> running = new ConcurrentHashMap<>();
  private final Map<String, Boolean> expected = new ConcurrentHashMap<>();

  /** Declares a verifier that will start later. */
  public void expect(String name) {
    expected.put(Objects.requireNonNull(name, "name"), Boolean.TRUE);
  }

  /**
   * Makes a started service reachable.
   *
   * @throws IllegalStateException if the service has not started, or another runs under the name
   */
  public void started(VerifierService service) {
    if (!service.started()) {
      throw new IllegalStateException("start the verifier before registering it");
    }
    String name = service.config().name();
    expected.put(name, Boolean.TRUE);
    VerifierService prior = running.putIfAbsent(name, service);
    if (prior != null && prior != service) {
      throw new IllegalStateException("a verifier named " + name + " is already running");
    }
  }

  /** Takes a verifier out (it is stopping); its routes answer SERVICE_STARTING meanwhile. */
  public void stopped(String name) {
    running.remove(name);
  }

  public Lookup lookup(String name) {
    VerifierService s = running.get(name);
    if (s != null) {
      return new Lookup.Running(s);
    }
    return expected.containsKey(name) ? new Lookup.Starting() : new Lookup.Unknown();
  }
}
