package io.s4e.shell.sandbox;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Numbers events, keeps a bounded ring of recent ones for {@code Last-Event-ID} resumption, and fans them out to
 * event-stream subscribers.
 */
final class EventHub {

	/** Events a slow subscriber may lag behind before it is disconnected. */
	private static final int SUBSCRIBER_BACKLOG = 10_000;

	private final int retention;

	private final ArrayDeque<SandboxEvent> ring;

	private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

	private long lastSequence;

	EventHub(int retention) {
		this.retention = retention;
		this.ring = new ArrayDeque<>(Math.min(retention, 4096));
	}

	synchronized SandboxEvent publish(String type, long at, ObjectNode data, String assetId) {
		SandboxEvent event = new SandboxEvent(++lastSequence, type, at, data, assetId);
		ring.addLast(event);
		while (ring.size() > retention) {
			ring.removeFirst();
		}
		for (Subscriber subscriber : subscribers) {
			subscriber.offer(event);
		}
		return event;
	}

	synchronized long lastSequence() {
		return lastSequence;
	}

	/** Restores the counter from persisted state so IDs stay monotonic across restarts. */
	synchronized void resumeAfter(long sequence) {
		lastSequence = Math.max(lastSequence, sequence);
	}

	/**
	 * Registers a subscriber and hands it, atomically, the retained events after {@code afterSequence} (none when
	 * negative), so nothing published meanwhile is lost or duplicated.
	 */
	synchronized Subscriber subscribe(Set<String> types, String assetId, long afterSequence) {
		Subscriber subscriber = new Subscriber(types, assetId, afterSequence >= 0 ? afterSequence : lastSequence);
		if (afterSequence >= 0) {
			for (SandboxEvent event : ring) {
				if (event.sequence() > afterSequence) {
					subscriber.offer(event);
				}
			}
		}
		subscribers.add(subscriber);
		return subscriber;
	}

	void unsubscribe(Subscriber subscriber) {
		subscribers.remove(subscriber);
	}

	synchronized List<SandboxEvent> retained() {
		return new ArrayList<>(ring);
	}

	/** Wakes every subscriber so its stream ends, on shutdown. */
	void closeAll() {
		for (Subscriber subscriber : subscribers) {
			subscriber.close();
		}
	}

	static final class Subscriber {

		/** Marks the end of a subscription in its queue. */
		static final SandboxEvent END = new SandboxEvent(-1, "end", 0, null, null);

		private final Set<String> types;

		private final String assetId;

		final BlockingQueue<SandboxEvent> queue = new LinkedBlockingQueue<>();

		private volatile boolean overflowed;

		/**
		 * Everything up to this sequence has been delivered or did not concern this subscriber; a resume from
		 * here loses nothing. Starts at the subscription point and follows each delivered event.
		 */
		private volatile long cursor;

		Subscriber(Set<String> types, String assetId, long cursor) {
			this.types = types;
			this.assetId = assetId;
			this.cursor = cursor;
		}

		long cursor() {
			return cursor;
		}

		void delivered(SandboxEvent event) {
			cursor = event.sequence();
		}

		boolean overflowed() {
			return overflowed;
		}

		void offer(SandboxEvent event) {
			if ((types.isEmpty() || types.contains(event.type()))
					&& (assetId == null || assetId.equals(event.assetId()))) {
				if (queue.size() >= SUBSCRIBER_BACKLOG) {
					overflowed = true;
					queue.offer(END);
				}
				else {
					queue.offer(event);
				}
			}
		}

		void close() {
			queue.offer(END);
		}

	}

}
