//! Tests of `token_canvas.rs` (kept beside it so that file stays short).
use super::*;

#[test]
fn the_view_box_maps_like_svg_meet() {
    // Same aspect: a plain scale, no offset.
    assert_eq!(fit((960.0, 480.0), (480.0, 240.0)), (0.5, 0.0, 0.0));
    // A taller box: centred vertically.
    let (s, ox, oy) = fit((960.0, 480.0), (480.0, 300.0));
    assert_eq!((s, ox), (0.5, 0.0));
    assert!((oy - 30.0).abs() < 1e-9);
    // A wider box: centred horizontally.
    let (s, ox, oy) = fit((100.0, 100.0), (300.0, 100.0));
    assert_eq!((s, ox, oy), (1.0, 100.0, 0.0));
    assert_eq!(fit((0.0, 10.0), (10.0, 10.0)), (1.0, 0.0, 0.0));
}

/// A `side`×`side` sprite of one colour.
fn solid(side: u32, rgba: [u8; 4]) -> Vec<u8> {
    rgba.repeat((side * side) as usize)
}

fn pixel(buf: &[u8], w: u32, x: u32, y: u32) -> [u8; 4] {
    let i = ((y * w + x) * 4) as usize;
    [buf[i], buf[i + 1], buf[i + 2], buf[i + 3]]
}

#[test]
fn blit_copies_a_sprite_and_clips_it_to_the_frame() {
    let (w, h) = (8, 6);
    let mut frame = vec![0u8; (w * h * 4) as usize];
    let red = solid(3, [200, 10, 20, 255]);
    assert_eq!(blit(&mut frame, (w, h), &red, 3, (2, 1)), Some((2, 1, 3, 3)));
    assert_eq!(pixel(&frame, w, 2, 1), [200, 10, 20, 255]);
    assert_eq!(pixel(&frame, w, 4, 3), [200, 10, 20, 255]);
    assert_eq!(pixel(&frame, w, 5, 3), [0, 0, 0, 0]);
    assert_eq!(pixel(&frame, w, 2, 4), [0, 0, 0, 0]);
    // Over the top left and bottom right corners: only the part inside is drawn.
    assert_eq!(blit(&mut frame, (w, h), &red, 3, (-2, -1)), Some((0, 0, 1, 2)));
    assert_eq!(pixel(&frame, w, 0, 1), [200, 10, 20, 255]);
    assert_eq!(pixel(&frame, w, 1, 0), [0, 0, 0, 0]);
    assert_eq!(blit(&mut frame, (w, h), &red, 3, (7, 5)), Some((7, 5, 1, 1)));
    // Wholly outside: nothing.
    assert_eq!(blit(&mut frame, (w, h), &red, 3, (8, 0)), None);
    assert_eq!(blit(&mut frame, (w, h), &red, 3, (-3, 0)), None);
    // Transparent pixels of a sprite leave the frame as it was.
    let mut ring = solid(3, [0, 0, 0, 0]);
    ring[4 * 4..4 * 4 + 4].copy_from_slice(&[1, 2, 3, 255]);
    blit(&mut frame, (w, h), &ring, 3, (2, 1));
    assert_eq!(pixel(&frame, w, 2, 1), [200, 10, 20, 255]);
    assert_eq!(pixel(&frame, w, 3, 2), [1, 2, 3, 255]);
}

#[test]
fn blit_composes_source_over_in_straight_alpha() {
    // Half-covered edge pixels over each other, as drawImage would compose them: the alpha
    // is a + b(1 - a), each colour weighted by what shows of it.
    for (below, above) in [([0, 0, 255, 255], [255, 0, 0, 128]), ([0, 200, 0, 100], [255, 255, 255, 60]), ([9, 9, 9, 1], [250, 0, 0, 254])] {
        let mut frame = below.to_vec();
        blit(&mut frame, (1, 1), &above, 1, (0, 0));
        let (a, b) = (f64::from(above[3]) / 255.0, f64::from(below[3]) / 255.0);
        let out = a + b * (1.0 - a);
        assert!((f64::from(frame[3]) - out * 255.0).abs() <= 1.0, "{frame:?}");
        for k in 0..3 {
            let want = (f64::from(above[k]) * a + f64::from(below[k]) * b * (1.0 - a)) / out;
            assert!((f64::from(frame[k]) - want).abs() <= 1.5, "channel {k}: {frame:?}, want {want}");
        }
    }
    // Over nothing, a pixel is copied as it is.
    let mut frame = vec![0; 4];
    blit(&mut frame, (1, 1), &[10, 20, 30, 40], 1, (0, 0));
    assert_eq!(frame, [10, 20, 30, 40]);
}

#[test]
fn clear_rect_zeroes_only_its_rectangle() {
    let (w, h) = (5, 4);
    let mut frame = vec![7u8; (w * h * 4) as usize];
    clear_rect(&mut frame, w, (1, 1, 3, 2));
    for y in 0..h {
        for x in 0..w {
            let inside = (1..4).contains(&x) && (1..3).contains(&y);
            assert_eq!(pixel(&frame, w, x, y), if inside { [0; 4] } else { [7; 4] }, "({x}, {y})");
        }
    }
}

#[test]
fn summaries_read_naturally() {
    assert_eq!(Noun::Records.summary(1, Lang::En), "1 record in flight");
    assert_eq!(Noun::Records.summary(3, Lang::En), "3 records in flight");
    assert_eq!(Noun::Messages.summary(0, Lang::En), "0 messages in flight");
    assert_eq!(Noun::Messages.summary(2, Lang::Ko), "이동 중인 메시지 2개");
}
