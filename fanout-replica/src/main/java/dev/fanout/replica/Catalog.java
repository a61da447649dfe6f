package dev.fanout.replica;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** The named stories of a dataset, in a stable order (also at {@code GET /__catalog}). */
public final class Catalog {
  private static final Catalog EMPTY = new Catalog(List.of());

  private final Map<String, CatalogEntry> byName = new LinkedHashMap<>();

  private Catalog(List<CatalogEntry> entries) {
    for (CatalogEntry e : entries) {
      if (byName.putIfAbsent(e.name(), e) != null) {
        throw new IllegalArgumentException("duplicate catalog name: " + e.name());
      }
    }
  }

  public static Catalog of(List<CatalogEntry> entries) {
    return new Catalog(entries);
  }

  public static Catalog empty() {
    return EMPTY;
  }

  public List<CatalogEntry> entries() {
    return List.copyOf(byName.values());
  }

  /**
   * The entry with that name.
   *
   * @throws NoSuchElementException naming the known names
   */
  public CatalogEntry get(String name) {
    CatalogEntry e = byName.get(name);
    if (e == null) {
      throw new NoSuchElementException(
          "no catalog story named '" + name + "'; known: " + String.join(", ", byName.keySet()));
    }
    return e;
  }

  @Override
  public String toString() {
    return "Catalog" + byName.keySet();
  }
}
