package dev.fanout.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** How {@code collect --db} reads a PostgreSQL URL, without a server. */
class PostgresTargetTest {
  @Test
  void aPlainPathIsNotAUrlAndBothSchemesAre() {
    assertThat(PostgresTarget.isUrl("mirror.db")).isFalse();
    assertThat(PostgresTarget.isUrl("postgresql.db")).isFalse();
    assertThat(PostgresTarget.isUrl("postgresql://h/db")).isTrue();
    assertThat(PostgresTarget.isUrl("POSTGRES://h/db")).isTrue();
  }

  @Test
  void theUserComesFromTheUrlElsePguserAndThePortDefaultsTo5432() {
    PostgresTarget t = PostgresTarget.parse("postgresql://ann@db.example/hn", Map.of());
    assertThat(t.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5432/hn");
    assertThat(t.user()).isEqualTo("ann");
    assertThat(t.toString()).isEqualTo("postgresql://ann@db.example:5432/hn");

    PostgresTarget fromEnv =
        PostgresTarget.parse(
            "postgres://127.0.0.1:6543/hn?sslmode=require", Map.of("PGUSER", "bo"));
    assertThat(fromEnv.user()).isEqualTo("bo");
    assertThat(fromEnv.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:6543/hn?sslmode=require");
  }

  @Test
  void pgpasswordBecomesThePasswordPropertyAndNothingElseDoes() {
    PostgresTarget t = PostgresTarget.parse("postgresql://ann@h/hn", Map.of());
    assertThat(t.properties(Map.of("PGPASSWORD", "s3")).getProperty("password")).isEqualTo("s3");
    // Without it the driver looks in ~/.pgpass or PGPASSFILE by itself.
    assertThat(t.properties(Map.of()).getProperty("password")).isNull();
    assertThat(t.properties(Map.of()).getProperty("connectTimeout")).isEqualTo("10");
  }

  @Test
  void aPasswordAnywhereInTheUrlIsRefusedAndNeverShown() {
    for (String url :
        new String[] {
          "postgresql://ann:s3cret@h/hn",
          "postgresql://ann:s3cret@with@at@h:5432/hn",
          "postgresql://:s3cret@h/hn",
          "postgresql://ann@h/hn?sslmode=require&password=s3cret",
          "postgresql://ann@h/hn?password=s3cret"
        }) {
      assertThatThrownBy(() -> PostgresTarget.parse(url, Map.of()))
          .as(url)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("a password in the URL is refused")
          .hasMessageContaining("***")
          .hasMessageContaining("PGPASSWORD")
          .hasMessageNotContaining("s3cret");
    }
  }

  @Test
  void aUrlWithoutHostOrDatabaseIsRefusedWithTheForm() {
    for (String url : new String[] {"postgresql://h", "postgresql://h/", "postgresql:///hn"}) {
      assertThatThrownBy(() -> PostgresTarget.parse(url, Map.of()))
          .as(url)
          .hasMessageContaining("postgresql://[USER@]HOST[:PORT]/DATABASE");
    }
  }
}
