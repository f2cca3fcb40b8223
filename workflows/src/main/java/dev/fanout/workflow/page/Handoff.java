package dev.fanout.workflow.page;

/**
 * Window slots passed from one page to the next, with the failures so far of every page up to the
 * sender, so the page that is launching judges the failure policy against the whole job.
 *
 * @param done the sender and every page before it have finished: no more handoffs will come
 */
public record Handoff(int slots, int failures, boolean done) {}
