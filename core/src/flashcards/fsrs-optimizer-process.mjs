// Runs fsrs-rs's optimizer (the native @open-spaced-repetition/binding) in a process of its own: the
// binding aborts its process on some inputs instead of throwing, and that must never take the server
// down with it. The parent sends the training items once and reads back the weights or an error.

// Node may deliver a message before an ES module has run and listened, and drop it: the parent
// sends the items only once this process says it is ready.
process.once("message", async ({ items, timeoutMs }) => {
  try {
    const loaded = await import("@open-spaced-repetition/binding");
    const binding = loaded.default ?? loaded;
    const trainSet = items.map(
      (item) =>
        new binding.FSRSBindingItem(
          item.reviews.map((r) => new binding.FSRSBindingReview(r.rating, r.deltaT)),
        ),
    );
    const weights = await binding.computeParameters(trainSet, { enableShortTerm: true, timeout: timeoutMs });
    process.send({ weights: Array.from(weights) }, () => process.exit(0));
  } catch (error) {
    process.send({ error: String(error?.message ?? error) }, () => process.exit(0));
  }
});
process.send({ ready: true });
