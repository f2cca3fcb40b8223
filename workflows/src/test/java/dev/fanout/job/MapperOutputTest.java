package dev.fanout.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MapperOutputTest {

  @Test
  void readsKeysParamsAndResources() throws Exception {
    var subJobs =
        MapperOutput.parse(
            Json.MAPPER.readTree(
                "[{\"key\": \"g1\", \"params\": {\"x\": 1}, \"resources\": {\"cpus\": 4}},"
                    + " {\"params\": 2}]"));

    assertThat(subJobs).hasSize(2);
    assertThat(subJobs.get(0).key()).isEqualTo("g1");
    assertThat(subJobs.get(0).resources()).isEqualTo(new Resources(4, null, null, null));
    assertThat(subJobs.get(1)).extracting(SubJobSpec::key).isEqualTo("1");
    assertThat(subJobs.get(1).params().asInt()).isEqualTo(2);
  }

  @Test
  void refusesAnythingButAnArrayOfObjects() throws Exception {
    assertThatThrownBy(() -> MapperOutput.parse(Json.MAPPER.readTree("{\"a\": 1}")))
        .hasMessageContaining("expected a JSON array")
        .hasMessageContaining("was OBJECT");
    assertThatThrownBy(
            () ->
                MapperOutput.parse(
                    Json.MAPPER.readTree(
                        "[{\"params\": 1}, 7, {\"key\": [1]}, {\"resources\": {\"cpus\": 0}}]")))
        .hasMessage(
            "3 bad sub-job(s): mapper output[1]: expected an object, was NUMBER;"
                + " mapper output[2].key: expected a string, was ARRAY;"
                + " mapper output[3].resources.cpus: must be between 1 and 1024, was 0");
  }
}
