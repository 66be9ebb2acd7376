package io.s4e.shell.api;

/** Wall time and waiting, injectable so pacing and polling can be tested without real sleeps. */
public interface TimeSource {

	TimeSource SYSTEM = new TimeSource() {
		@Override
		public long millis() {
			return System.currentTimeMillis();
		}

		@Override
		public void sleep(long millis) throws InterruptedException {
			if (millis > 0) {
				Thread.sleep(millis);
			}
		}
	};

	long millis();

	void sleep(long millis) throws InterruptedException;

}
