package dev.fanout.replica;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The generated world of a seed (see {@link WorldLayout}, {@link ThreadPlan}, {@link ItemWriter}).
 * A thread is generated when one of its ids is first requested and kept in a cache bounded by bytes
 * (oldest threads evicted first), so a 1,000,000-id world costs what is being read. Thread-safe.
 */
final class SyntheticDataset implements Dataset {
  static final long DEFAULT_SIZE = 1_000_000;
  static final long CACHE_BYTES = 256L << 20;

  private final long seed;
  private final WorldLayout layout;
  private final Users users;
  private final ItemWriter writer;
  private volatile Catalog catalog;
  private final ConcurrentHashMap<Long, ItemWriter.Rendered> cache = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Long> order = new ConcurrentLinkedQueue<>();
  private final AtomicLong cachedBytes = new AtomicLong();
  private final Map<String, List<Long>> lists = new ConcurrentHashMap<>();

  private SyntheticDataset(long seed, long size) {
    this.seed = seed;
    this.layout = new WorldLayout(seed, size);
    this.users = new Users(seed);
    this.writer = new ItemWriter(seed, users);
  }

  /**
   * Counts every catalog thread (about 200,000 comments of structure, no JSON): done once, lazily.
   */
  private synchronized Catalog computeCatalog() {
    if (catalog == null) {
      List<CatalogEntry> entries = new ArrayList<>();
      for (WorldLayout.Spec spec : layout.catalog()) {
        ThreadPlan.Counts c = plan(spec).count();
        entries.add(
            new CatalogEntry(
                spec.name(),
                spec.rootId(),
                spec.description(),
                c.comments(),
                c.fetches(),
                c.visible(),
                c.deleted(),
                c.dead(),
                c.missing(),
                c.depth(),
                descendants(spec, c)));
      }
      catalog = Catalog.of(entries);
    }
    return catalog;
  }

  static SyntheticDataset create(long seed, long size) {
    return new SyntheticDataset(seed, size);
  }

  private ThreadPlan plan(WorldLayout.Spec spec) {
    return ThreadPlan.generate(
        seed,
        spec.rootId(),
        spec.root(),
        spec.parts(),
        spec.comments(),
        spec.shape(),
        spec.twist());
  }

  private static Long descendants(WorldLayout.Spec spec, ThreadPlan.Counts c) {
    return spec.root() == ThreadPlan.Root.JOB || spec.root() == ThreadPlan.Root.DEAD_STORY
        ? null
        : c.visible();
  }

  @Override
  public Optional<byte[]> item(long id) {
    WorldLayout.Spec spec = layout.threadAt(id);
    if (spec == null) {
      return Optional.empty();
    }
    ItemWriter.Rendered rendered = cache.get(spec.rootId());
    if (rendered == null) {
      rendered =
          cache.computeIfAbsent(
              spec.rootId(),
              k -> {
                ThreadPlan plan = plan(spec);
                Long d = descendants(spec, plan.count());
                return writer.render(plan, d == null ? 0 : d);
              });
      admitted(spec.rootId(), rendered);
    }
    return Optional.ofNullable(rendered.item((int) (id - spec.rootId())));
  }

  /** Counts a newly cached thread and evicts the oldest while over budget. */
  private void admitted(long rootId, ItemWriter.Rendered rendered) {
    order.add(rootId);
    long total = cachedBytes.addAndGet(rendered.bytes());
    while (total > CACHE_BYTES) {
      Long oldest = order.poll();
      if (oldest == null) {
        break;
      }
      ItemWriter.Rendered gone = cache.remove(oldest);
      total = gone == null ? cachedBytes.get() : cachedBytes.addAndGet(-gone.bytes());
    }
  }

  @Override
  public long maxItem() {
    return layout.size();
  }

  @Override
  public List<Long> list(String name) {
    return lists.computeIfAbsent(name, this::computeList);
  }

  /** Lists from the catalog's stories plus the newest filler threads. */
  private List<Long> computeList(String name) {
    List<WorldLayout.Spec> recent = new ArrayList<>();
    for (long c = layout.chunks() - 1; c >= 0 && recent.size() < 6000; c--) {
      recent.addAll(layout.chunk(c).reversed());
    }
    List<WorldLayout.Spec> catalogRoots = layout.catalog().reversed();
    List<WorldLayout.Spec> all = new ArrayList<>(catalogRoots);
    all.addAll(recent);
    Comparator<WorldLayout.Spec> byScore =
        Comparator.comparingDouble(s -> -Mix.unit(seed ^ 0x5C0EL, s.rootId()));
    var stories =
        all.stream()
            .filter(s -> s.root() != ThreadPlan.Root.JOB && s.root() != ThreadPlan.Root.DEAD_STORY);
    List<Long> ids =
        switch (name) {
          case "top" -> {
            List<Long> top =
                new ArrayList<>(
                    layout.catalog().stream()
                        .filter(s -> s.root() != ThreadPlan.Root.JOB)
                        .map(WorldLayout.Spec::rootId)
                        .toList());
            recent.stream()
                .filter(
                    s -> s.root() != ThreadPlan.Root.JOB && s.root() != ThreadPlan.Root.DEAD_STORY)
                .limit(500)
                .sorted(byScore)
                .forEach(s -> top.add(s.rootId()));
            yield top;
          }
          case "new" ->
              recent.stream()
                  .filter(
                      s ->
                          s.root() != ThreadPlan.Root.JOB && s.root() != ThreadPlan.Root.DEAD_STORY)
                  .map(WorldLayout.Spec::rootId)
                  .toList();
          case "best" -> stories.sorted(byScore).map(WorldLayout.Spec::rootId).toList();
          case "ask" ->
              all.stream()
                  .filter(s -> s.root() == ThreadPlan.Root.ASK)
                  .map(WorldLayout.Spec::rootId)
                  .toList();
          case "show" ->
              all.stream()
                  .filter(s -> s.root() == ThreadPlan.Root.SHOW)
                  .map(WorldLayout.Spec::rootId)
                  .toList();
          case "job" ->
              all.stream()
                  .filter(s -> s.root() == ThreadPlan.Root.JOB)
                  .map(WorldLayout.Spec::rootId)
                  .toList();
          default -> List.of();
        };
    int limit = name.equals("top") || name.equals("new") || name.equals("best") ? 500 : 200;
    return List.copyOf(ids.subList(0, Math.min(limit, ids.size())));
  }

  @Override
  public Optional<byte[]> user(String id) {
    return users.user(id);
  }

  @Override
  public Updates updates() {
    List<Long> items = new ArrayList<>();
    List<String> profiles = new ArrayList<>();
    for (long id = layout.size(); id > 0 && items.size() < 30; id--) {
      items.add(id);
    }
    for (long id : items.subList(0, Math.min(10, items.size()))) {
      String by = users.authorOf(id);
      if (!profiles.contains(by)) {
        profiles.add(by);
      }
    }
    return new Updates(items, profiles);
  }

  @Override
  public Catalog catalog() {
    Catalog c = catalog;
    return c != null ? c : computeCatalog();
  }
}
