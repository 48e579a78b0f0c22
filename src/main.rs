fn main() {
    // One allocator arena for every thread (glibc gives each thread its own): what a thread in
    // the background frees (a snapshot, a log read ahead) is reused by the screen's next
    // allocations instead of staying resident beside them.
    #[cfg(target_env = "gnu")]
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
    let code = match cockpit::cli::main() {
        Ok(()) => 0,
        Err(e) => {
            cockpit::runtime::terminal::restore();
            eprintln!("cockpit: {}", cockpit::advice::for_command_line(&e));
            1
        }
    };
    std::process::exit(code);
}
