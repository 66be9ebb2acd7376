package io.s4e.shell.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The TAB benchmark's harness runs end to end (a few calls per case, no timing asserted): the cache answers with
 * live IDs, and against a server that never answers TAB still returns, offering only what needs no server.
 */
class CompletionLatencyBenchTest {

	@Test
	void harnessRunsEveryCase() throws Exception {
		List<CompletionLatencyBench.Result> results = CompletionLatencyBench.run(50, 2);
		assertThat(results).extracting(CompletionLatencyBench.Result::name)
			.containsExactly("cached", "hanging-stale", "hanging-cold");
		assertThat(results.get(0).candidates()).isGreaterThan(20);
		assertThat(results.get(1).candidates()).isEqualTo(results.get(0).candidates());
		assertThat(results.get(2).candidates()).isEqualTo(1); // "last", which needs no server
		assertThat(results).allSatisfy(r -> assertThat(r.samples()).isPositive());
	}

}
