package dev.fanout.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The generator's thread shapes against the real threads of {@code real/hn-items-real.jsonl} (every
 * root with at least 20 reachable comments; the same sizes are generated with 5 seeds each).
 * Documented tolerances: median top-level fraction within 0.08 absolute (the mean is swayed by one
 * 21-comment thread that is 76% top-level); mean depth within 40%; the share of threads whose
 * widest level is 2nd-4th within 0.30; deleted rate within 0.05 and dead rate within 0.02 absolute
 * (over all reachable comments).
 */
class ThreadShapeTest {

  record Shape(int size, double topFraction, int depth, int widestLevel) {}

  @Test
  void generatedThreadsLookLikeRealOnes() throws Exception {
    Map<Long, JsonNode> items = new HashMap<>();
    ObjectMapper mapper = new ObjectMapper();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                getClass().getResourceAsStream("/real/hn-items-real.jsonl"),
                StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        JsonNode n = mapper.readTree(line);
        items.put(n.get("id").asLong(), n);
      }
    }
    List<Shape> real = new ArrayList<>();
    long reachable = 0, deleted = 0, dead = 0;
    for (JsonNode root : items.values()) {
      if (!root.path("type").asText().matches("story|poll|job")) {
        continue;
      }
      List<Integer> widths = new ArrayList<>();
      Set<Long> seen = new HashSet<>();
      List<Long> frontier = kids(root);
      while (true) {
        List<Long> level = new ArrayList<>();
        for (long id : frontier) {
          if (items.containsKey(id) && seen.add(id)) {
            level.add(id);
          }
        }
        if (level.isEmpty()) {
          break;
        }
        widths.add(level.size());
        frontier = new ArrayList<>();
        for (long id : level) {
          JsonNode n = items.get(id);
          reachable++;
          if (n.path("deleted").asBoolean()) {
            deleted++;
          } else if (n.path("dead").asBoolean()) {
            dead++;
          }
          frontier.addAll(kids(n));
        }
      }
      if (seen.size() >= 20) {
        real.add(shape(widths));
      }
    }
    assertThat(real).hasSizeGreaterThanOrEqualTo(15);

    List<Shape> generated = new ArrayList<>();
    long genReachable = 0, genDeleted = 0, genDead = 0;
    for (long seed = 1; seed <= 5; seed++) {
      for (Shape r : real) {
        ThreadPlan plan =
            ThreadPlan.generate(
                seed,
                1000,
                ThreadPlan.Root.STORY,
                0,
                r.size(),
                ThreadShape.REAL,
                ThreadPlan.Twist.NONE);
        List<Integer> widths = new ArrayList<>();
        int[] depth = new int[plan.slots()];
        for (int s = 1; s < plan.slots(); s++) {
          depth[s] = depth[plan.parent[s]] + 1;
          if (plan.state[s] == ThreadPlan.MISSING) {
            continue;
          }
          while (widths.size() < depth[s]) {
            widths.add(0);
          }
          widths.set(depth[s] - 1, widths.get(depth[s] - 1) + 1);
          genReachable++;
          if (plan.state[s] == ThreadPlan.DELETED || plan.state[s] == ThreadPlan.DELETED_DEAD) {
            genDeleted++;
          } else if (plan.state[s] == ThreadPlan.DEAD) {
            genDead++;
          }
        }
        generated.add(shape(widths));
      }
    }

    assertThat(median(generated))
        .as("median top-level fraction")
        .isCloseTo(median(real), within(0.08));
    double realDepth = mean(real, s -> s.depth());
    assertThat(mean(generated, s -> s.depth()))
        .as("depth")
        .isCloseTo(realDepth, within(0.4 * realDepth));
    assertThat(share(generated))
        .as("share widest at level 2-4")
        .isCloseTo(share(real), within(0.30));
    assertThat((double) genDeleted / genReachable)
        .as("deleted rate")
        .isCloseTo((double) deleted / reachable, within(0.05));
    assertThat((double) genDead / genReachable)
        .as("dead rate")
        .isCloseTo((double) dead / reachable, within(0.02));
  }

  private static List<Long> kids(JsonNode n) {
    List<Long> out = new ArrayList<>();
    n.path("kids").forEach(k -> out.add(k.asLong()));
    return out;
  }

  private static Shape shape(List<Integer> widths) {
    int size = widths.stream().mapToInt(Integer::intValue).sum();
    int widest = 0;
    for (int i = 1; i < widths.size(); i++) {
      if (widths.get(i) > widths.get(widest)) {
        widest = i;
      }
    }
    return new Shape(size, (double) widths.get(0) / size, widths.size(), widest + 1);
  }

  private static double mean(List<Shape> shapes, java.util.function.ToDoubleFunction<Shape> f) {
    return shapes.stream().mapToDouble(f).average().orElseThrow();
  }

  private static double median(List<Shape> shapes) {
    double[] f = shapes.stream().mapToDouble(Shape::topFraction).sorted().toArray();
    return f.length % 2 == 1 ? f[f.length / 2] : (f[f.length / 2 - 1] + f[f.length / 2]) / 2;
  }

  private static double share(List<Shape> shapes) {
    return shapes.stream().filter(s -> s.widestLevel() >= 2 && s.widestLevel() <= 4).count()
        / (double) shapes.size();
  }
}
