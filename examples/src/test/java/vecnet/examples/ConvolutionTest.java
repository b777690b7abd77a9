package vecnet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ConvolutionTest {
    @Test
    void courseFilters() {
        Convolution.Result r = Convolution.run(new Sink().out);
        assertEquals(6f, r.edgeMap()[0][0]);
        assertEquals(6600f, r.curveResponse());
        assertEquals(0f, r.otherResponse());
        // the whole 3x3 map against the definition f(i,j) = Σk Σl F(i+k, j+l)·G(k,l)
        assertEquals(3, r.edgeMap().length);
        for (int i = 0; i < 3; i++) {
            assertEquals(3, r.edgeMap()[i].length);
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    for (int l = 0; l < 3; l++) {
                        s += Convolution.IMAGE[i + k][j + l] * Convolution.VERTICAL_EDGE[k][l];
                    }
                }
                assertEquals(s, r.edgeMap()[i][j], "output (" + i + ", " + j + ")");
            }
        }
    }
}
