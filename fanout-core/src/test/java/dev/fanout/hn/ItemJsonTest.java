package dev.fanout.hn;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ItemJsonTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  static List<String> realLines() throws IOException {
    List<String> lines = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                ItemJsonTest.class.getResourceAsStream("real-threads.jsonl"), UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        lines.add(line);
      }
    }
    return lines;
  }

  @Test
  void parsesEveryFieldOfRealItemsLikeATreeParser() throws IOException {
    List<String> lines = realLines();
    assertThat(lines).hasSizeGreaterThan(1000);
    for (String line : lines) {
      JsonNode tree = MAPPER.readTree(line);
      Item item = Item.fromJson(line.getBytes(UTF_8)).orElseThrow();
      assertThat(item.id()).isEqualTo(tree.get("id").asLong());
      assertThat(item.deleted()).isEqualTo(tree.path("deleted").asBoolean(false));
      assertThat(item.dead()).isEqualTo(tree.path("dead").asBoolean(false));
      assertThat(item.type()).isEqualTo(text(tree, "type"));
      assertThat(item.by()).isEqualTo(text(tree, "by"));
      assertThat(item.text()).isEqualTo(text(tree, "text"));
      assertThat(item.title()).isEqualTo(text(tree, "title"));
      assertThat(item.url()).isEqualTo(text(tree, "url"));
      assertThat(item.time()).isEqualTo(tree.has("time") ? tree.get("time").asLong() : null);
      assertThat(item.parent()).isEqualTo(tree.has("parent") ? tree.get("parent").asLong() : null);
      assertThat(item.poll()).isEqualTo(tree.has("poll") ? tree.get("poll").asLong() : null);
      assertThat(item.score()).isEqualTo(tree.has("score") ? tree.get("score").asInt() : null);
      assertThat(item.descendants())
          .isEqualTo(tree.has("descendants") ? tree.get("descendants").asInt() : null);
      assertThat(item.kids()).isEqualTo(longs(tree.path("kids")));
      assertThat(item.parts()).isEqualTo(longs(tree.path("parts")));
    }
  }

  @Test
  void nullIsNoItem() {
    assertThat(Item.fromJson("null".getBytes(UTF_8))).isEmpty();
    assertThat(Item.fromJson(" null\n".getBytes(UTF_8))).isEmpty();
  }

  @Test
  void rejectsTruncatedHtmlEmptyAndTrailingBodies() {
    String good = "{\"id\":5,\"kids\":[6,7],\"type\":\"story\"}";
    for (String bad :
        List.of(
            good.substring(0, good.length() - 1),
            good.substring(0, 12),
            "",
            "<html><body>502 Bad Gateway</body></html>",
            good + "{}",
            "[1,2]",
            "{\"type\":\"story\"}",
            "{\"id\":\"5\"}",
            "{\"id\":5,\"kids\":[\"6\"]}")) {
      assertThatThrownBy(() -> Item.fromJson(bad.getBytes(UTF_8)))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("not an item");
    }
  }

  @Test
  void ignoresFieldsTheApiMayAddLater() {
    Item item =
        Item.fromJson(
                "{\"id\":1,\"future\":{\"a\":[1,{\"b\":2}]},\"type\":\"job\"}".getBytes(UTF_8))
            .orElseThrow();
    assertThat(item.type()).isEqualTo("job");
    assertThat(item.label()).isEqualTo("job");
  }

  private static String text(JsonNode tree, String field) {
    return tree.has(field) ? tree.get(field).asText() : null;
  }

  private static List<Long> longs(JsonNode array) {
    List<Long> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asLong()));
    return out;
  }
}
