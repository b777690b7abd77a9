/**
 * Data from disk: the IDX reader (MNIST, Fashion-MNIST; gzip or raw), in-memory datasets, and a data
 * loader of seeded, shuffled mini-batches in reused buffers. Nothing here downloads anything.
 */
package vecnet.nn.data;
