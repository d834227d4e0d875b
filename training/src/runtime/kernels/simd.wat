;; The fused kernels' inner loops, four lanes at a time (WebAssembly SIMD), on the memory of
;; TensorFlow.js's wasm backend: every pointer is a byte offset of a float32 tensor in that memory.
;; JavaScript would take 3-15 ns per element here; these take well under one.
;; Compiled at start-up by kernels/simd.ts (wabt); the memory is imported, never copied.
(module
  (import "env" "memory" (memory 1))

  ;; e^t for t <= 0 (clamped at -87, where e^t is about 1.6e-38, still a normal float):
  ;; t = n ln 2 + r with |r| <= ln 2 / 2, e^r by Cephes' expf polynomial, 2^n built in the exponent.
  (func $exp_nonpositive (param $t v128) (result v128)
    (local $n v128) (local $r v128) (local $p v128)
    (local.set $t (f32x4.max (local.get $t) (f32x4.splat (f32.const -87))))
    (local.set $n (f32x4.nearest (f32x4.mul (local.get $t) (f32x4.splat (f32.const 1.44269504)))))
    ;; ln 2 in two parts, so that n · ln 2 is subtracted without losing r's low bits.
    (local.set $r (f32x4.sub (local.get $t) (f32x4.mul (local.get $n) (f32x4.splat (f32.const 0.693359375)))))
    (local.set $r (f32x4.sub (local.get $r) (f32x4.mul (local.get $n) (f32x4.splat (f32.const -2.12194440e-4)))))
    (local.set $p (f32x4.splat (f32.const 1.9875691500e-4)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (f32x4.splat (f32.const 1.3981999507e-3))))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (f32x4.splat (f32.const 8.3334519073e-3))))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (f32x4.splat (f32.const 4.1665795894e-2))))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (f32x4.splat (f32.const 1.6666665459e-1))))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (f32x4.splat (f32.const 5.0000001201e-1))))
    ;; e^r = 1 + r + r² p(r)
    (local.set $p
      (f32x4.add
        (f32x4.add (f32x4.mul (f32x4.mul (local.get $p) (local.get $r)) (local.get $r)) (local.get $r))
        (f32x4.splat (f32.const 1))))
    (f32x4.mul
      (local.get $p)
      (i32x4.shl (i32x4.add (i32x4.trunc_sat_f32x4_s (local.get $n)) (i32x4.splat (i32.const 127))) (i32.const 23))))

  ;; log(1 + e) for 0 <= e <= 1: with u = e / (2 + e) <= 1/3, log(1 + e) = 2 atanh(u)
  ;; = 2u (1 + u²/3 + u⁴/5 + ... + u¹⁴/15); the first term left out is below 2e-9 relative.
  (func $log1p_unit (param $e v128) (result v128)
    (local $u v128) (local $w v128) (local $s v128)
    (local.set $u (f32x4.div (local.get $e) (f32x4.add (local.get $e) (f32x4.splat (f32.const 2)))))
    (local.set $w (f32x4.mul (local.get $u) (local.get $u)))
    (local.set $s (f32x4.splat (f32.const 0.0666666667)))
    (local.set $s (f32x4.add (f32x4.mul (local.get $s) (local.get $w)) (f32x4.splat (f32.const 0.0769230769))))
    (local.set $s (f32x4.add (f32x4.mul (local.get $s) (local.get $w)) (f32x4.splat (f32.const 0.0909090909))))
    (local.set $s (f32x4.add (f32x4.mul (local.get $s) (local.get $w)) (f32x4.splat (f32.const 0.1111111111))))
    (local.set $s (f32x4.add (f32x4.mul (local.get $s) (local.get $w)) (f32x4.splat (f32.const 0.1428571429))))
    (local.set $s (f32x4.add (f32x4.mul (local.get $s) (local.get $w)) (f32x4.splat (f32.const 0.2))))
    (local.set $s (f32x4.add (f32x4.mul (local.get $s) (local.get $w)) (f32x4.splat (f32.const 0.3333333333))))
    (local.set $s (f32x4.add (f32x4.mul (local.get $s) (local.get $w)) (f32x4.splat (f32.const 1))))
    (f32x4.mul (f32x4.mul (local.get $u) (f32x4.splat (f32.const 2))) (local.get $s)))

  ;; x·l − softplus(l), with softplus(l) = max(l, 0) + log(1 + e^−|l|).
  (func $bernoulli_terms (param $x v128) (param $l v128) (result v128)
    (f32x4.sub
      (f32x4.mul (local.get $x) (local.get $l))
      (f32x4.add
        (f32x4.max (local.get $l) (f32x4.splat (f32.const 0)))
        (call $log1p_unit (call $exp_nonpositive (f32x4.neg (f32x4.abs (local.get $l))))))))

  ;; sigmoid(l) from e = e^−|l|: 1 / (1 + e) for l >= 0, e / (1 + e) below.
  (func $sigmoid (param $l v128) (result v128)
    (local $e v128) (local $s v128)
    (local.set $e (call $exp_nonpositive (f32x4.neg (f32x4.abs (local.get $l)))))
    (local.set $s (f32x4.div (f32x4.splat (f32.const 1)) (f32x4.add (local.get $e) (f32x4.splat (f32.const 1)))))
    (v128.bitselect
      (local.get $s)
      (f32x4.mul (local.get $e) (local.get $s))
      (f32x4.ge (local.get $l) (f32x4.splat (f32.const 0)))))

  ;; out[r] = Σ_j x[r mod targets, j]·l[r, j] − softplus(l[r, j]) for rows × d logits.
  (func (export "bernoulli_log_prob")
    (param $x i32) (param $l i32) (param $out i32) (param $rows i32) (param $targets i32) (param $d i32)
    (local $r i32) (local $j i32) (local $xr i32) (local $lr i32) (local $vec i32) (local $acc v128) (local $tail f32)
    (local.set $vec (i32.and (local.get $d) (i32.const -4)))
    (block $rows_done
      (loop $rows_loop
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $xr (i32.add (local.get $x)
          (i32.shl (i32.mul (i32.rem_u (local.get $r) (local.get $targets)) (local.get $d)) (i32.const 2))))
        (local.set $lr (i32.add (local.get $l) (i32.shl (i32.mul (local.get $r) (local.get $d)) (i32.const 2))))
        (local.set $acc (f32x4.splat (f32.const 0)))
        (local.set $tail (f32.const 0))
        (local.set $j (i32.const 0))
        (block $vec_done
          (loop $vec_loop
            (br_if $vec_done (i32.ge_u (local.get $j) (local.get $vec)))
            (local.set $acc (f32x4.add (local.get $acc)
              (call $bernoulli_terms
                (v128.load align=4 (i32.add (local.get $xr) (i32.shl (local.get $j) (i32.const 2))))
                (v128.load align=4 (i32.add (local.get $lr) (i32.shl (local.get $j) (i32.const 2)))))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $vec_loop)))
        ;; The last d mod 4 values, one lane at a time.
        (block $tail_done
          (loop $tail_loop
            (br_if $tail_done (i32.ge_u (local.get $j) (local.get $d)))
            (local.set $tail (f32.add (local.get $tail)
              (f32x4.extract_lane 0 (call $bernoulli_terms
                (f32x4.splat (f32.load (i32.add (local.get $xr) (i32.shl (local.get $j) (i32.const 2)))))
                (f32x4.splat (f32.load (i32.add (local.get $lr) (i32.shl (local.get $j) (i32.const 2)))))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $tail_loop)))
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 2)))
          (f32.add
            (f32.add
              (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
              (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc))))
            (local.get $tail)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows_loop))))

  ;; out[r, j] = dy[r] · (x[r mod targets, j] − sigmoid(l[r, j])).
  (func (export "bernoulli_grad")
    (param $dy i32) (param $x i32) (param $l i32) (param $out i32) (param $rows i32) (param $targets i32) (param $d i32)
    (local $r i32) (local $j i32) (local $xr i32) (local $lr i32) (local $or i32) (local $vec i32) (local $g v128)
    (local $at i32)
    (local.set $vec (i32.and (local.get $d) (i32.const -4)))
    (block $rows_done
      (loop $rows_loop
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $g (v128.load32_splat (i32.add (local.get $dy) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $xr (i32.add (local.get $x)
          (i32.shl (i32.mul (i32.rem_u (local.get $r) (local.get $targets)) (local.get $d)) (i32.const 2))))
        (local.set $lr (i32.add (local.get $l) (i32.shl (i32.mul (local.get $r) (local.get $d)) (i32.const 2))))
        (local.set $or (i32.add (local.get $out) (i32.shl (i32.mul (local.get $r) (local.get $d)) (i32.const 2))))
        (local.set $j (i32.const 0))
        (block $vec_done
          (loop $vec_loop
            (br_if $vec_done (i32.ge_u (local.get $j) (local.get $vec)))
            (local.set $at (i32.shl (local.get $j) (i32.const 2)))
            (v128.store align=4 (i32.add (local.get $or) (local.get $at))
              (f32x4.mul (local.get $g)
                (f32x4.sub
                  (v128.load align=4 (i32.add (local.get $xr) (local.get $at)))
                  (call $sigmoid (v128.load align=4 (i32.add (local.get $lr) (local.get $at)))))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $vec_loop)))
        (block $tail_done
          (loop $tail_loop
            (br_if $tail_done (i32.ge_u (local.get $j) (local.get $d)))
            (local.set $at (i32.shl (local.get $j) (i32.const 2)))
            (f32.store (i32.add (local.get $or) (local.get $at))
              (f32x4.extract_lane 0
                (f32x4.mul (local.get $g)
                  (f32x4.sub
                    (f32x4.splat (f32.load (i32.add (local.get $xr) (local.get $at))))
                    (call $sigmoid (f32x4.splat (f32.load (i32.add (local.get $lr) (local.get $at)))))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $tail_loop)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows_loop))))

  ;; One Adam step over n values: m ← β1 m + (1 − β1) g, v ← β2 v + (1 − β2) g² in place, and
  ;; out = w − step · m / (√(v · invCorrect2) + ε), where step = lr / (1 − β1^t), invCorrect2 = 1 / (1 − β2^t).
  (func (export "adam")
    (param $w i32) (param $g i32) (param $m i32) (param $v i32) (param $out i32) (param $n i32)
    (param $step f32) (param $beta1 f32) (param $beta2 f32) (param $invCorrect2 f32) (param $eps f32)
    (local $i i32) (local $at i32) (local $vec i32) (local $lanes i32)
    (local $gv v128) (local $mv v128) (local $vv v128)
    (local $b1 v128) (local $c1 v128) (local $b2 v128) (local $c2 v128) (local $sv v128) (local $iv v128) (local $ev v128)
    (local.set $b1 (f32x4.splat (local.get $beta1)))
    (local.set $c1 (f32x4.splat (f32.sub (f32.const 1) (local.get $beta1))))
    (local.set $b2 (f32x4.splat (local.get $beta2)))
    (local.set $c2 (f32x4.splat (f32.sub (f32.const 1) (local.get $beta2))))
    (local.set $sv (f32x4.splat (local.get $step)))
    (local.set $iv (f32x4.splat (local.get $invCorrect2)))
    (local.set $ev (f32x4.splat (local.get $eps)))
    (local.set $vec (i32.and (local.get $n) (i32.const -4)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $at (i32.shl (local.get $i) (i32.const 2)))
        ;; Four lanes while four remain, then one (the same arithmetic on a splat, lane 0 kept).
        (local.set $lanes (select (i32.const 4) (i32.const 1) (i32.lt_u (local.get $i) (local.get $vec))))
        (if (i32.eq (local.get $lanes) (i32.const 4))
          (then
            (local.set $gv (v128.load align=4 (i32.add (local.get $g) (local.get $at))))
            (local.set $mv (v128.load align=4 (i32.add (local.get $m) (local.get $at))))
            (local.set $vv (v128.load align=4 (i32.add (local.get $v) (local.get $at)))))
          (else
            (local.set $gv (v128.load32_splat (i32.add (local.get $g) (local.get $at))))
            (local.set $mv (v128.load32_splat (i32.add (local.get $m) (local.get $at))))
            (local.set $vv (v128.load32_splat (i32.add (local.get $v) (local.get $at))))))
        (local.set $mv (f32x4.add (f32x4.mul (local.get $b1) (local.get $mv)) (f32x4.mul (local.get $c1) (local.get $gv))))
        (local.set $vv (f32x4.add (f32x4.mul (local.get $b2) (local.get $vv))
          (f32x4.mul (local.get $c2) (f32x4.mul (local.get $gv) (local.get $gv)))))
        (local.set $gv
          (f32x4.sub
            (if (result v128) (i32.eq (local.get $lanes) (i32.const 4))
              (then (v128.load align=4 (i32.add (local.get $w) (local.get $at))))
              (else (v128.load32_splat (i32.add (local.get $w) (local.get $at)))))
            (f32x4.div
              (f32x4.mul (local.get $sv) (local.get $mv))
              (f32x4.add (f32x4.sqrt (f32x4.mul (local.get $vv) (local.get $iv))) (local.get $ev)))))
        (if (i32.eq (local.get $lanes) (i32.const 4))
          (then
            (v128.store align=4 (i32.add (local.get $m) (local.get $at)) (local.get $mv))
            (v128.store align=4 (i32.add (local.get $v) (local.get $at)) (local.get $vv))
            (v128.store align=4 (i32.add (local.get $out) (local.get $at)) (local.get $gv)))
          (else
            (v128.store32_lane 0 (i32.add (local.get $m) (local.get $at)) (local.get $mv))
            (v128.store32_lane 0 (i32.add (local.get $v) (local.get $at)) (local.get $vv))
            (v128.store32_lane 0 (i32.add (local.get $out) (local.get $at)) (local.get $gv))))
        (local.set $i (i32.add (local.get $i) (local.get $lanes)))
        (br $next))))

  ;; In place over rows × n values y: y ← y + bias[column], then max(·, 0) when $relu is 1.
  (func (export "bias_activation") (param $y i32) (param $bias i32) (param $rows i32) (param $n i32) (param $relu i32)
    (local $r i32) (local $j i32) (local $row i32) (local $at i32) (local $vec i32) (local $floor v128) (local $s v128)
    ;; max with −∞ is the identity: one loop serves both activations.
    (local.set $floor (f32x4.splat (select (f32.const 0) (f32.const -inf) (local.get $relu))))
    (local.set $vec (i32.and (local.get $n) (i32.const -4)))
    (block $rows_done
      (loop $rows_loop
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $row (i32.add (local.get $y) (i32.shl (i32.mul (local.get $r) (local.get $n)) (i32.const 2))))
        (local.set $j (i32.const 0))
        (block $vec_done
          (loop $vec_loop
            (br_if $vec_done (i32.ge_u (local.get $j) (local.get $vec)))
            (local.set $at (i32.shl (local.get $j) (i32.const 2)))
            (v128.store align=4 (i32.add (local.get $row) (local.get $at))
              (f32x4.max (local.get $floor)
                (f32x4.add
                  (v128.load align=4 (i32.add (local.get $row) (local.get $at)))
                  (v128.load align=4 (i32.add (local.get $bias) (local.get $at))))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $vec_loop)))
        (block $tail_done
          (loop $tail_loop
            (br_if $tail_done (i32.ge_u (local.get $j) (local.get $n)))
            (local.set $at (i32.shl (local.get $j) (i32.const 2)))
            (f32.store (i32.add (local.get $row) (local.get $at))
              (f32.max (f32x4.extract_lane 0 (local.get $floor))
                (f32.add
                  (f32.load (i32.add (local.get $row) (local.get $at)))
                  (f32.load (i32.add (local.get $bias) (local.get $at))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $tail_loop)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows_loop))))

  ;; dz = dy where y > 0 and 0 elsewhere when $relu is 1 (dz = dy when 0), and db = Σ_rows dz,
  ;; for rows × n values.
  (func (export "bias_activation_grad")
    (param $dy i32) (param $y i32) (param $dz i32) (param $db i32) (param $rows i32) (param $n i32) (param $relu i32)
    (local $r i32) (local $j i32) (local $row i32) (local $at i32) (local $vec i32) (local $gate v128) (local $d v128)
    (local $f f32)
    ;; y > −∞ holds for every finite y: with $relu 0 the gate passes everything.
    (local.set $gate (f32x4.splat (select (f32.const 0) (f32.const -inf) (local.get $relu))))
    (local.set $vec (i32.and (local.get $n) (i32.const -4)))
    (memory.fill (local.get $db) (i32.const 0) (i32.shl (local.get $n) (i32.const 2)))
    (block $rows_done
      (loop $rows_loop
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $row (i32.shl (i32.mul (local.get $r) (local.get $n)) (i32.const 2)))
        (local.set $j (i32.const 0))
        (block $vec_done
          (loop $vec_loop
            (br_if $vec_done (i32.ge_u (local.get $j) (local.get $vec)))
            (local.set $at (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 2))))
            (local.set $d
              (v128.and
                (v128.load align=4 (i32.add (local.get $dy) (local.get $at)))
                (f32x4.gt (v128.load align=4 (i32.add (local.get $y) (local.get $at))) (local.get $gate))))
            (v128.store align=4 (i32.add (local.get $dz) (local.get $at)) (local.get $d))
            (v128.store align=4 (i32.add (local.get $db) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.add (v128.load align=4 (i32.add (local.get $db) (i32.shl (local.get $j) (i32.const 2)))) (local.get $d)))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $vec_loop)))
        (block $tail_done
          (loop $tail_loop
            (br_if $tail_done (i32.ge_u (local.get $j) (local.get $n)))
            (local.set $at (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 2))))
            (local.set $f
              (select
                (f32.load (i32.add (local.get $dy) (local.get $at)))
                (f32.const 0)
                (f32.gt (f32.load (i32.add (local.get $y) (local.get $at))) (f32x4.extract_lane 0 (local.get $gate)))))
            (f32.store (i32.add (local.get $dz) (local.get $at)) (local.get $f))
            (f32.store (i32.add (local.get $db) (i32.shl (local.get $j) (i32.const 2)))
              (f32.add (f32.load (i32.add (local.get $db) (i32.shl (local.get $j) (i32.const 2)))) (local.get $f)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $tail_loop)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows_loop))))
)
