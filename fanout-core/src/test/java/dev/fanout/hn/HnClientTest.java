package dev.fanout.hn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.fetch.FetchOptions;
import dev.fanout.fetch.Fetcher;
import dev.fanout.replica.Dataset;
import dev.fanout.replica.FaultPlan;
import dev.fanout.replica.Replica;
import dev.fanout.replica.ReplicaConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The two ways to get a client, against the replica over loopback. */
class HnClientTest {
  private static final List<String> ITEMS =
      List.of("{\"by\":\"a\",\"id\":1,\"time\":1,\"title\":\"One\",\"type\":\"story\"}");

  private static Replica replica(String faults) throws Exception {
    return Replica.start(
        ReplicaConfig.builder()
            .port(0)
            .dataset(Dataset.of(ITEMS))
            .faults(FaultPlan.parse(faults))
            .build());
  }

  private static FetchOptions retrying(int retries) {
    return FetchOptions.builder().retries(retries).maxRetryAfter(Duration.ZERO).build();
  }

  @Test
  void createdClientRetriesTheApisTransient401WhateverTheOptionsRetry() throws Exception {
    try (Replica replica = replica("401=100%");
        HnClient client = HnClient.create(replica.apiUri(), retrying(2))) {
      assertThat(retrying(2).retryStatuses()).doesNotContain(401);
      ItemResponse answer = client.item(1);
      assertThat(answer).isInstanceOf(ItemResponse.Found.class);
      assertThat(answer.attempts()).isEqualTo(2);
      assertThat(replica.stats().status(401)).isEqualTo(1);
      assertThat(client.requests()).isEqualTo(2);
      assertThat(client.fetcher().options().retryStatuses()).containsAll(HnClient.RETRY_STATUSES);
    }
  }

  @Test
  void closingACreatedClientClosesItsFetcherButASharedOneStaysOpen() throws Exception {
    try (Replica replica = replica("")) {
      HnClient owned = HnClient.create(replica.apiUri(), retrying(0));
      owned.close();
      Object after;
      try {
        after = owned.item(1);
      } catch (RuntimeException e) {
        after = e;
      }
      assertThat(after).isNotInstanceOf(ItemResponse.Found.class);
      try (Fetcher fetcher = Fetcher.create(retrying(0))) {
        HnClient.sharing(fetcher, replica.apiUri()).close();
        assertThat(HnClient.sharing(fetcher, replica.apiUri()).item(1))
            .isInstanceOf(ItemResponse.Found.class);
      }
    }
  }

  @Test
  void sharingAFetcherThatRetriesButNot401IsRefusedNamingTheStatusesToAdd() {
    try (Fetcher fetcher = Fetcher.create(retrying(3))) {
      assertThatThrownBy(() -> HnClient.sharing(fetcher, URI.create("http://127.0.0.1:9/v0")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("but not [401, 500]")
          .hasMessageContaining("retryStatuses");
    }
  }

  @Test
  void sharingAcceptsAFetcherThatNeverRetriesOrRetriesWhatTheApiNeeds() {
    FetchOptions fitted =
        retrying(3).toBuilder().retryStatuses(Set.of(401, 429, 500, 502, 503, 504, 404)).build();
    try (Fetcher never = Fetcher.create(retrying(0));
        Fetcher enough = Fetcher.create(fitted)) {
      URI api = URI.create("http://127.0.0.1:9/v0/");
      assertThat(HnClient.sharing(never, api).api()).hasToString("http://127.0.0.1:9/v0");
      assertThat(HnClient.sharing(enough, api).fetcher()).isSameAs(enough);
    }
  }

  @Test
  void aBadApiUrlIsRefusedBeforeAFetcherIsMade() {
    assertThatThrownBy(() -> HnClient.create(URI.create("ftp://example/v0"), retrying(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http(s)://HOST");
  }
}
