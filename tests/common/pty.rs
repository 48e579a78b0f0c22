#![allow(dead_code)]
//! A program in a pseudo-terminal, its output parsed into a screen (vt100) by a reader thread.
//! Shared by the end-to-end tests and the figures benchmark.

use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize};
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

pub struct Pty {
    pub parser: Arc<Mutex<vt100::Parser>>,
    pub writer: Box<dyn Write + Send>,
    pub child: Box<dyn Child + Send + Sync>,
    /// Ends once the program's side is closed.
    pub reader: JoinHandle<()>,
    pub master: Box<dyn MasterPty + Send>,
}

/// Starts `cmd` in a `rows`×`cols` terminal. `on_output` sees the screen after every chunk of
/// output.
pub fn spawn(cmd: CommandBuilder, rows: u16, cols: u16, mut on_output: impl FnMut(&vt100::Parser) + Send + 'static) -> Pty {
    let pair = native_pty_system().openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).unwrap();
    let child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let parser = Arc::new(Mutex::new(vt100::Parser::new(NonZeroU16::new(rows).unwrap(), NonZeroU16::new(cols).unwrap(), 0)));
    let mut output = pair.master.try_clone_reader().unwrap();
    let p = parser.clone();
    let reader = std::thread::spawn(move || {
        let mut buf = [0u8; 65536];
        while let Ok(n) = output.read(&mut buf) {
            if n == 0 {
                break;
            }
            let mut p = p.lock().unwrap();
            p.process(&buf[..n]);
            on_output(&p);
        }
    });
    let writer = pair.master.take_writer().unwrap();
    Pty { parser, writer, child, reader, master: pair.master }
}
