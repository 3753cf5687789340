//! Work spread over the machine's cores, for bulk passes (reading files, preparing index entries).

/// Make the calling thread yield to the window's thread whenever both want a core: background work (dating the
/// corpus, building events) uses every core, and on a 2-core machine the window's frames otherwise wait their turn
/// behind it (17–30 ms frames while dating, 115 ms at worst). Linux keeps a nice value per thread.
pub fn lower_thread_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority takes plain integers; `who` 0 is the calling thread on Linux.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

/// Drop `value` on a thread of its own: what a large project derived (650,000 date candidates at 100,000 articles)
/// took 1.1 s to free, a frame's worth many times over.
pub fn drop_in_background<T: Send + 'static>(value: T) {
    // (Should no thread start, the value goes with the closure, here.)
    let spawned = std::thread::Builder::new()
        .name("drop".into())
        .spawn(move || {
            lower_thread_priority();
            drop(value);
        });
    if let Err(e) = spawned {
        log::warn!("cannot start a thread to free memory on: {e}");
    }
}

/// How many threads bulk work uses: one per core.
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// `f` over `items` on every core, results in the order of `items`. Each thread takes a contiguous share.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = threads().min(items.len().max(1));
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let share = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|s| {
        let parts: Vec<_> = items
            .chunks(share)
            .map(|chunk| s.spawn(move || chunk.iter().map(f).collect::<Vec<R>>()))
            .collect();
        parts
            .into_iter()
            .flat_map(|p| match p.join() {
                Ok(v) => v,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    })
}

/// `f` over `items` on every core, results in the order of `items`; each thread takes the next item left, so
/// items of very different cost (a year of events beside a year with none) spread evenly. Give the costly first.
pub fn map_each<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = threads().min(items.len().max(1));
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (f, next) = (&f, &next);
    let mut done: Vec<(usize, R)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        done.push((i, f(item)));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| match w.join() {
                Ok(v) => v,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<usize> = (0..1001).collect();
        assert_eq!(
            super::map(&items, |x| x * 2),
            items.iter().map(|x| x * 2).collect::<Vec<_>>()
        );
        assert!(super::map(&Vec::<usize>::new(), |x| *x).is_empty());
        // Items of uneven cost: still in order.
        let uneven = |x: &usize| {
            if x % 97 == 0 {
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            x * 3
        };
        assert_eq!(
            super::map_each(&items, uneven),
            items.iter().map(|x| x * 3).collect::<Vec<_>>()
        );
        assert!(super::map_each(&Vec::<usize>::new(), |x| *x).is_empty());
    }
}
