package dev.fanout.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApiTest {
  static final String STORY =
      "{\"by\":\"pg\",\"descendants\":1,\"id\":10,\"kids\":[11],\"score\":5,\"time\":1160418111,\"title\":\"T\",\"type\":\"story\",\"url\":\"http://x.example/\"}";
  static final String COMMENT =
      "{\"by\":\"sama\",\"id\":11,\"parent\":10,\"text\":\"hi\",\"time\":1160418200,\"type\":\"comment\"}";
  static Replica replica;

  @BeforeAll
  static void start() throws Exception {
    replica =
        Replica.start(ReplicaConfig.builder().dataset(Dataset.of(List.of(STORY, COMMENT))).build());
  }

  @AfterAll
  static void stop() {
    replica.close();
  }

  @Test
  void itemIsServedAsGivenWithJsonContentType() {
    HttpResponse<String> r = Http.h1().get(Http.at(replica, "/v0/item/10.json"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(STORY);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
  }

  @Test
  void unknownItemIsNull() {
    HttpResponse<String> r = Http.h1().get(Http.at(replica, "/v0/item/999.json"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("null");
  }

  @Test
  void http2ViaUpgradeIsServed() {
    HttpResponse<String> r = Http.h2().get(Http.at(replica, "/v0/item/11.json"));
    assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(r.body()).isEqualTo(COMMENT);
  }

  @Test
  void maxItemListsAndUsersAnswer() {
    Http http = Http.h1();
    assertThat(http.get(Http.at(replica, "/v0/maxitem.json")).body()).isEqualTo("11");
    assertThat(http.get(Http.at(replica, "/v0/topstories.json")).body()).isEqualTo("[10]");
    assertThat(http.get(Http.at(replica, "/v0/newstories.json")).body()).isEqualTo("[10]");
    assertThat(http.get(Http.at(replica, "/v0/jobstories.json")).body()).isEqualTo("[]");
    assertThat(http.get(Http.at(replica, "/v0/user/pg.json")).body())
        .isEqualTo("{\"created\":1160418111,\"id\":\"pg\",\"karma\":5,\"submitted\":[10]}");
    assertThat(http.get(Http.at(replica, "/v0/user/nobody.json")).body()).isEqualTo("null");
  }

  @Test
  void prettyPrintsLikeFirebase() {
    String body = Http.h1().get(Http.at(replica, "/v0/item/11.json?print=pretty")).body();
    assertThat(body).startsWith("{\n  \"by\" : \"sama\",\n  \"id\" : 11,");
  }

  @Test
  void pathsWithoutJsonOrUnknownAreFirebaseErrors() {
    HttpResponse<String> noJson = Http.h1().get(Http.at(replica, "/v0/item/10"));
    assertThat(noJson.statusCode()).isEqualTo(404);
    assertThat(noJson.body()).startsWith("{\"error\" : ");
    HttpResponse<String> unknown = Http.h1().get(Http.at(replica, "/v0/secrets.json"));
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(unknown.body()).isEqualTo("{\"error\" : \"Permission denied\"}");
  }

  @Test
  void appendedItemsRaiseMaxItemAndLeadUpdates() throws Exception {
    try (Replica replica =
        Replica.start(
            ReplicaConfig.builder().dataset(Dataset.of(List.of(STORY, COMMENT))).build())) {
      replica.append(
          "{\"type\":\"story\",\"id\":12,\"by\":\"new\",\"title\":\"Appended\",\"time\":1160419000}");
      Http http = Http.h1();
      assertThat(http.get(Http.at(replica, "/v0/maxitem.json")).body()).isEqualTo("12");
      assertThat(http.get(Http.at(replica, "/v0/item/12.json")).body())
          .isEqualTo(
              "{\"by\":\"new\",\"id\":12,\"time\":1160419000,\"title\":\"Appended\",\"type\":\"story\"}");
      assertThat(http.get(Http.at(replica, "/v0/updates.json")).body())
          .startsWith("{\"items\":[12,")
          .contains("\"profiles\":[\"new\"");
      assertThat(http.get(Http.at(replica, "/v0/newstories.json")).body()).isEqualTo("[12,10]");
    }
  }
}
