package vecnet.nn.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Decompresses a gzip file (RFC 1952; one member or several concatenated) straight into the caller's
 * arrays. Unlike {@code GZIPInputStream}, bytes after the last member that are not another member are an
 * error instead of being ignored, and every error message names the file.
 */
final class GzipReader implements Closeable {
    private static final int ID1 = 0x1f;
    private static final int ID2 = 0x8b;
    private static final int DEFLATE = 8;
    private static final int FHCRC = 0x02;
    private static final int FEXTRA = 0x04;
    private static final int FNAME = 0x08;
    private static final int FCOMMENT = 0x10;
    private static final int RESERVED_FLAGS = 0xe0;
    private static final int BUFFER = 1 << 16;

    private final InputStream in;
    private final Path file;
    private final byte[] buf = new byte[BUFFER];
    /** Compressed bytes buf[pos, lim) are neither parsed nor handed to the inflater yet. */
    private int pos;
    private int lim;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final CRC32 headerCrc = new CRC32();
    /** Decompressed bytes of the current member (checked against the trailer's ISIZE). */
    private long memberSize;
    private int members;
    private boolean done;

    /** Reads the first member's header; the stream must start with the gzip magic bytes. */
    GzipReader(InputStream in, Path file) throws IOException {
        this.in = in;
        this.file = file;
        readHeader(nextByte());
    }

    /**
     * Fills {@code b[off, off + len)} with decompressed bytes and returns how many it wrote: fewer than
     * {@code len} only at the end of the data, after the last member's trailer has been verified.
     */
    int readFully(byte[] b, int off, int len) throws IOException {
        int n = 0;
        while (n < len && !done) {
            int k;
            try {
                k = inflater.inflate(b, off + n, len - n);
            } catch (DataFormatException e) {
                throw corrupt("invalid deflate data in member " + members + " (" + e.getMessage() + ")");
            }
            if (k > 0) {
                crc.update(b, off + n, k);
                memberSize += k;
                n += k;
            } else if (inflater.finished()) {
                endMember();
            } else if (inflater.needsDictionary()) {
                throw corrupt("deflate data of member " + members + " asks for a preset dictionary");
            } else if (inflater.needsInput()) {
                if (pos == lim && !fill()) {
                    throw corrupt("truncated: the file ends inside the compressed data of member " + members);
                }
                inflater.setInput(buf, pos, lim - pos);
                pos = lim;
            }
        }
        return n;
    }

    /** Decompresses and counts everything left (which verifies the remaining trailers). */
    long skipRest() throws IOException {
        byte[] scratch = new byte[BUFFER];
        long total = 0;
        int k;
        while ((k = readFully(scratch, 0, scratch.length)) == scratch.length) {
            total += k;
        }
        return total + k;
    }

    @Override
    public void close() {
        inflater.end();
    }

    private void readHeader(int first) throws IOException {
        members++;
        headerCrc.reset();
        headerCrc.update(first);
        int second = first == ID1 ? headerByte() : -1;
        if (second != ID2) {
            throw corrupt("member " + members + " does not start with the gzip magic bytes 1f 8b");
        }
        int method = headerByte();
        if (method != DEFLATE) {
            throw corrupt("member " + members + " uses compression method " + method + ", expected 8 (deflate)");
        }
        int flags = headerByte();
        if ((flags & RESERVED_FLAGS) != 0) {
            throw corrupt(String.format("member %d sets reserved header flags (FLG = 0x%02x)", members, flags));
        }
        for (int i = 0; i < 6; i++) {
            headerByte(); // MTIME (4), XFL, OS: nothing to check
        }
        if ((flags & FEXTRA) != 0) {
            int xlen = headerByte() | headerByte() << 8;
            for (int i = 0; i < xlen; i++) {
                headerByte();
            }
        }
        if ((flags & FNAME) != 0) {
            while (headerByte() != 0) {
                // the stored name is not used: the caller's path is what counts
            }
        }
        if ((flags & FCOMMENT) != 0) {
            while (headerByte() != 0) {
                // comment skipped
            }
        }
        if ((flags & FHCRC) != 0) {
            int expected = (int) (headerCrc.getValue() & 0xffff);
            int stored = requiredByte("header") | requiredByte("header") << 8;
            if (stored != expected) {
                throw corrupt(String.format("header CRC of member %d is 0x%04x, computed 0x%04x", members, stored,
                        expected));
            }
        }
        inflater.reset();
        crc.reset();
        memberSize = 0;
    }

    /** At the end of a member's deflate data: check its trailer, then start the next member or finish. */
    private void endMember() throws IOException {
        pos = lim - inflater.getRemaining();
        long storedCrc = trailerInt();
        long storedSize = trailerInt();
        if (storedCrc != crc.getValue()) {
            throw corrupt(String.format("CRC-32 mismatch in member %d: the trailer says 0x%08x, the data gives 0x%08x",
                    members, storedCrc, crc.getValue()));
        }
        if (storedSize != (memberSize & 0xffffffffL)) {
            throw corrupt("size mismatch in member " + members + ": the trailer says " + storedSize
                    + " bytes (mod 2^32), the data has " + memberSize);
        }
        int next = nextByte();
        if (next < 0) {
            done = true;
        } else if (next != ID1) {
            throw corrupt("unexpected bytes after gzip member " + members + " (not another gzip member)");
        } else {
            readHeader(next);
        }
    }

    private long trailerInt() throws IOException {
        long v = 0;
        for (int i = 0; i < 4; i++) {
            v |= (long) requiredByte("trailer of member " + members) << (8 * i);
        }
        return v;
    }

    private int headerByte() throws IOException {
        int b = requiredByte("header of member " + members);
        headerCrc.update(b);
        return b;
    }

    private int requiredByte(String where) throws IOException {
        int b = nextByte();
        if (b < 0) {
            throw corrupt("truncated: the file ends inside the gzip " + where);
        }
        return b;
    }

    /** The next unparsed compressed byte, or -1 at the end of the file. */
    private int nextByte() throws IOException {
        if (pos == lim && !fill()) {
            return -1;
        }
        return buf[pos++] & 0xff;
    }

    /** Refills the (fully consumed) buffer; false at the end of the file. */
    private boolean fill() throws IOException {
        int k = in.read(buf, 0, buf.length);
        if (k <= 0) {
            return false;
        }
        pos = 0;
        lim = k;
        return true;
    }

    private ZipException corrupt(String what) {
        return new ZipException(file + ": corrupt gzip data: " + what);
    }
}
