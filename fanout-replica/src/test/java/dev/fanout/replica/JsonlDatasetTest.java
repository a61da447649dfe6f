package dev.fanout.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Acceptance 3: served from the real JSONL file, every item comes back byte-for-byte. */
class JsonlDatasetTest {

  @Test
  void everyRealItemIsServedByteForByte() throws Exception {
    Path file = Path.of(getClass().getResource("/real/hn-items-real.jsonl").toURI());
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    try (Replica replica =
            Replica.start(ReplicaConfig.builder().dataset(Dataset.jsonl(file)).build());
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
      java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(64);
      List<CompletableFuture<HttpResponse<byte[]>>> responses = new ArrayList<>();
      List<byte[]> expected = new ArrayList<>();
      for (String line : lines) {
        long id = Json.parse(line.getBytes(StandardCharsets.UTF_8)).get("id").asLong();
        expected.add(line.getBytes(StandardCharsets.UTF_8));
        permits.acquire();
        responses.add(
            client
                .sendAsync(
                    HttpRequest.newBuilder(URI.create(replica.apiUri() + "/item/" + id + ".json"))
                        .build(),
                    HttpResponse.BodyHandlers.ofByteArray())
                .whenComplete((r, e) -> permits.release()));
      }
      for (int i = 0; i < lines.size(); i++) {
        assertThat(responses.get(i).get().body()).as(lines.get(i)).isEqualTo(expected.get(i));
      }
      assertThat(lines).hasSize(5687);
      String max = Http.h1().get(URI.create(replica.apiUri() + "/maxitem.json")).body();
      assertThat(max).isEqualTo("49280269");
    }
  }

  @Test
  void listsHoldTheFilesStoriesAndJobs() throws Exception {
    Path file = Path.of(getClass().getResource("/real/hn-items-real.jsonl").toURI());
    Dataset d = Dataset.jsonl(file);
    assertThat(d.list("new"))
        .hasSize(500)
        .allMatch(
            id ->
                new String(d.item(id).orElseThrow()).contains("\"type\":\"story\"")
                    || new String(d.item(id).orElseThrow()).contains("\"type\":\"poll\""));
    assertThat(d.list("job")).contains(40481509L);
    assertThat(d.list("ask")).isNotEmpty();
    assertThat(new String(d.user("signa11").orElseThrow()))
        .contains("\"submitted\":[")
        .contains("40464529");
  }

  @Test
  void aLineThatIsNotAnItemIsNamed(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.jsonl");
    Files.writeString(bad, "{\"id\":1}\n[1,2]\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Dataset.jsonl(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 2");
  }
}
