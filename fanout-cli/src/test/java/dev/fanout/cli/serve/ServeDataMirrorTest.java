package dev.fanout.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.hn.Item;
import dev.fanout.hn.User;
import dev.fanout.replica.Dataset;
import dev.fanout.store.ItemRow;
import dev.fanout.store.MirrorStore;
import dev.fanout.store.UserRow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fanout serve --data FILE.db}: a mirror database becomes the replica's dataset. */
class ServeDataMirrorTest {
  @TempDir Path dir;

  @Test
  void aMirrorDatabaseServesItsItemsUsersAndListsAsStored() throws Exception {
    Path db = dir.resolve("m.db");
    String story = "{\"by\":\"pg\",\"id\":8,\"kids\":[9],\"title\":\"T\",\"type\":\"story\"}";
    try (MirrorStore store = MirrorStore.sqlite(db)) {
      byte[] body = story.getBytes(StandardCharsets.UTF_8);
      store.putItem(ItemRow.of(Item.fromJson(body).orElseThrow(), body));
      store.putMissing(9);
      store.putUser(
          UserRow.of(
              new User(
                  "pg",
                  1,
                  5,
                  null,
                  List.of(),
                  "{\"created\":1,\"id\":\"pg\",\"karma\":5}".getBytes(StandardCharsets.UTF_8))));
      store.putList("top", List.of(8L));
    }
    Dataset served = ServeData.open(db.toString(), 0);
    assertThat(new String(served.item(8).orElseThrow(), StandardCharsets.UTF_8)).isEqualTo(story);
    assertThat(served.item(9)).isEmpty();
    assertThat(served.maxItem()).isEqualTo(9);
    assertThat(served.list("top")).containsExactly(8L);
    assertThat(served.list("ask")).isEmpty();
    assertThat(served.user("pg")).isPresent();
  }

  @Test
  void aDbFileThatIsNotAMirrorIsABadDataError() throws Exception {
    Path bogus =
        Files.writeString(
            dir.resolve("bogus.db"), "not a database, just some text that is long enough");
    assertThatThrownBy(() -> ServeData.open(bogus.toString(), 0))
        .isInstanceOf(ServeData.BadDataException.class)
        .hasMessageContaining("bogus.db");
  }
}
