fn main() {
    cockpit::runtime::allocator::set_up();
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
