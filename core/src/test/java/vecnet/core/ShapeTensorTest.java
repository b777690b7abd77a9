package vecnet.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ShapeTensorTest {
    @Test
    void shapeBasics() {
        Shape s = Shape.of(2, 3, 4);
        assertEquals(3, s.rank());
        assertEquals(24, s.size());
        assertEquals(4, s.dim(-1));
        assertEquals(12, s.stride(0));
        assertEquals(1, s.stride(2));
        assertEquals("(2, 3, 4)", s.toString());
        assertEquals("(5,)", Shape.of(5).toString());
        assertEquals(1, Shape.of().size());
        assertEquals(Shape.of(6, 4), s.reshape(6, -1));
    }

    @Test
    void badShapesAreRejectedWithTheirValues() {
        assertEquals("dims [2, -1]: dimension 1 must be >= 0, was -1",
                assertThrows(IllegalArgumentException.class, () -> Shape.of(2, -1)).getMessage());
        assertEquals("cannot reshape (2, 3) (6 elements) to dims [4, -1]",
                assertThrows(IllegalArgumentException.class, () -> Shape.of(2, 3).reshape(4, -1)).getMessage());
        assertEquals("cannot reshape (2, 3) (6 elements) to dims [7] (7 elements)",
                assertThrows(IllegalArgumentException.class, () -> Shape.of(2, 3).reshape(7)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Shape.of(65536, 65536));
        assertThrows(IndexOutOfBoundsException.class, () -> Shape.of(2).dim(1));
    }

    @Test
    void tensorIndexingIsRowMajorAndViewsShareData() {
        Tensor t = Tensor.of(new float[] {0, 1, 2, 3, 4, 5}, 2, 3);
        assertEquals(5f, t.get(1, 2));
        assertEquals(3f, t.get(1, 0));
        Tensor v = t.reshape(3, 2);
        v.set(42f, 2, 1);
        assertEquals(42f, t.get(1, 2));
        Tensor c = t.copy();
        c.set(-1f, 0, 0);
        assertEquals(0f, t.get(0, 0));
        Tensor w = Tensor.wrap(new float[] {9, 9, 1, 2, 3, 4}, 2, Shape.of(2, 2));
        assertArrayEquals(new float[] {1, 2, 3, 4}, w.toArray());
    }

    @Test
    void badTensorArgumentsAreRejected() {
        assertEquals("data has 5 elements but shape (2, 3) needs 6",
                assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[5], 2, 3)).getMessage());
        assertEquals("offset 3 + size 4 of shape (2, 2) exceeds data length 6",
                assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(new float[6], 3, Shape.of(2, 2)))
                        .getMessage());
        Tensor t = Tensor.zeros(2, 3);
        assertEquals("index 3 out of range [0, 3) for axis 1 of shape (2, 3)",
                assertThrows(IndexOutOfBoundsException.class, () -> t.get(0, 3)).getMessage());
        assertEquals("index must have 2 entries for shape (2, 3), got 1",
                assertThrows(IllegalArgumentException.class, () -> t.get(0)).getMessage());
    }
}
