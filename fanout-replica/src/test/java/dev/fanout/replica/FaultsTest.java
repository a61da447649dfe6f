package dev.fanout.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Acceptance 4: every fault kind, transient and permanent, deterministic per seed. */
class FaultsTest {
  static final String ITEM =
      "{\"by\":\"a\",\"id\":1,\"time\":1,\"title\":\"Tiny\",\"type\":\"story\"}";

  static Replica replica(String spec) throws IOException {
    return Replica.start(
        ReplicaConfig.builder()
            .faults(FaultPlan.parse(spec))
            .seed(3)
            .dataset(Dataset.of(List.of(ITEM)))
            .build());
  }

  static URI item(Replica r) {
    return URI.create(r.apiUri() + "/item/1.json");
  }

  @Test
  void statusFaultIsTransientByDefault() throws Exception {
    try (Replica r = replica("503=100%")) {
      assertThat(Http.h1().get(item(r)).statusCode()).isEqualTo(503);
      assertThat(Http.h1().get(item(r)).body()).isEqualTo(ITEM);
      assertThat(r.stats().faultCount("503")).isEqualTo(1);
    }
  }

  @Test
  void permanentFaultRepeats() throws Exception {
    try (Replica r = replica("500=100%:permanent")) {
      for (int i = 0; i < 3; i++) {
        assertThat(Http.h1().get(item(r)).statusCode()).isEqualTo(500);
      }
    }
  }

  @Test
  void tooManyRequestsSaysRetryAfter() throws Exception {
    try (Replica r = replica("429=100%")) {
      HttpResponse<String> res = Http.h1().get(item(r));
      assertThat(res.statusCode()).isEqualTo(429);
      assertThat(res.headers().firstValue("retry-after")).hasValue("1");
    }
  }

  @Test
  void permissionDeniedHasTheRealBody() throws Exception {
    try (Replica r = replica("401=100%")) {
      HttpResponse<String> res = Http.h1().get(item(r));
      assertThat(res.statusCode()).isEqualTo(401);
      assertThat(res.body()).isEqualTo("{\"error\" : \"Permission denied\"}");
    }
  }

  @Test
  void truncateSendsHalfTheJsonWith200() throws Exception {
    try (Replica r = replica("truncate=100%")) {
      HttpResponse<String> res = Http.h1().get(item(r));
      assertThat(res.statusCode()).isEqualTo(200);
      assertThat(res.body()).isEqualTo(ITEM.substring(0, ITEM.length() / 2));
    }
  }

  @Test
  void htmlIsA502Page() throws Exception {
    try (Replica r = replica("html=100%")) {
      HttpResponse<String> res = Http.h1().get(item(r));
      assertThat(res.statusCode()).isEqualTo(502);
      assertThat(res.headers().firstValue("content-type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
      assertThat(res.body()).contains("<html>");
    }
  }

  @Test
  void resetCutsTheConnectionMidBody() throws Exception {
    try (Replica r = replica("reset=100%")) {
      assertThatThrownBy(() -> Http.h1().get(item(r))).hasRootCauseInstanceOf(IOException.class);
      assertThat(Http.h1().get(item(r)).body()).isEqualTo(ITEM);
      assertThat(r.stats().faultCount("reset")).isEqualTo(1);
    }
  }

  @Test
  void dripSendsOneBytePer100ms() throws Exception {
    try (Replica r = replica("drip=100%")) {
      long t0 = System.nanoTime();
      HttpResponse<String> res = Http.h1().get(item(r));
      assertThat(res.body()).isEqualTo(ITEM);
      assertThat(Duration.ofNanos(System.nanoTime() - t0))
          .isGreaterThan(Duration.ofMillis(100L * (ITEM.length() - 2)));
    }
  }

  @Test
  void hangHoldsUntilTheClientGivesUp() throws Exception {
    try (Replica r = replica("hang=100%");
        HttpClient client = HttpClient.newHttpClient()) {
      assertThatThrownBy(
              () ->
                  client.send(
                      HttpRequest.newBuilder(item(r)).timeout(Duration.ofMillis(300)).build(),
                      HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(HttpTimeoutException.class);
      assertThat(r.stats().faultCount("hang")).isEqualTo(1);
    }
  }

  @Test
  void theSameSeedGivesTheSameFaults() {
    FaultPlan plan =
        FaultPlan.parse("503=2%,429=1%,401=1%,hang=0.5%,reset=1%,truncate=1%,drip=0.5%,html=1%");
    Faults a = new Faults(plan, 42);
    Faults b = new Faults(plan, 42);
    Faults c = new Faults(plan, 43);
    int affected = 0;
    int differs = 0;
    for (long id = 1; id <= 20_000; id++) {
      assertThat(a.kindOf(id)).isEqualTo(b.kindOf(id));
      affected += a.kindOf(id) == null ? 0 : 1;
      differs += java.util.Objects.equals(a.kindOf(id), c.kindOf(id)) ? 0 : 1;
    }
    assertThat(affected).isBetween(1400, 2200); // 8% of 20,000 = 1,600
    assertThat(differs).isGreaterThan(1000);
  }

  @Test
  void badSpecsAreNamed() {
    assertThatThrownBy(() -> FaultPlan.parse("503=2")).hasMessageContaining("503=2");
    assertThatThrownBy(() -> FaultPlan.parse("boom=1%")).hasMessageContaining("boom");
    assertThatThrownBy(() -> FaultPlan.parse("503=60%,500=50%")).hasMessageContaining("100%");
    assertThatThrownBy(() -> FaultPlan.parse("503=1%:sometimes"))
        .hasMessageContaining(":sometimes");
  }
}
