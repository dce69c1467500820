//! Composing a frame of tokens in wasm memory (`token_canvas`'s way from `PIXELS_FROM` tokens
//! on): blending a sprite's pixels into the frame, and clearing what the last frame covered.

/// Blends a `side`×`side` RGBA sprite (straight alpha, as `getImageData` gives it) into `dst`
/// (`w`×`h` RGBA, straight alpha) with its top left corner at (`x0`, `y0`), clipped to `dst`:
/// "source over", as `drawImage` composes. Returns the part of `dst` it touched, as
/// (x, y, width, height), if any.
pub(crate) fn blit(dst: &mut [u8], (w, h): (u32, u32), src: &[u8], side: u32, (x0, y0): (i32, i32)) -> Option<(u32, u32, u32, u32)> {
    let (w, h, s) = (w as i64, h as i64, i64::from(side));
    let (x0, y0) = (i64::from(x0), i64::from(y0));
    let (sx0, sy0) = ((-x0).max(0), (-y0).max(0));
    let (sx1, sy1) = (s.min(w - x0), s.min(h - y0));
    if sx0 >= sx1 || sy0 >= sy1 || dst.len() < (w * h * 4) as usize || src.len() < (s * s * 4) as usize {
        return None;
    }
    for sy in sy0..sy1 {
        let d_row = (((y0 + sy) * w + x0 + sx0) * 4) as usize;
        let s_row = ((sy * s + sx0) * 4) as usize;
        let n = ((sx1 - sx0) * 4) as usize;
        for (d, p) in dst[d_row..d_row + n].chunks_exact_mut(4).zip(src[s_row..s_row + n].chunks_exact(4)) {
            let sa = u32::from(p[3]);
            if sa == 0 {
                continue;
            }
            let da = u32::from(d[3]);
            if sa == 255 || da == 0 {
                d.copy_from_slice(p);
                continue;
            }
            // What shows of the destination under the source, and the alpha of the two.
            let under = da * (255 - sa) / 255;
            let out = sa + under;
            for k in 0..3 {
                d[k] = ((u32::from(p[k]) * sa + u32::from(d[k]) * under + out / 2) / out) as u8;
            }
            d[3] = out as u8;
        }
    }
    Some(((x0 + sx0) as u32, (y0 + sy0) as u32, (sx1 - sx0) as u32, (sy1 - sy0) as u32))
}

/// Zeroes the `(x, y, width, height)` rectangle of a `w`-wide RGBA buffer.
pub(crate) fn clear_rect(dst: &mut [u8], w: u32, (x, y, rw, rh): (u32, u32, u32, u32)) {
    for row in y..y + rh {
        let start = ((row * w + x) * 4) as usize;
        if let Some(line) = dst.get_mut(start..start + (rw * 4) as usize) {
            line.fill(0);
        }
    }
}
