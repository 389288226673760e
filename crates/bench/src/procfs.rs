//! What Linux's /proc tells about the app: its process tree, each process's resident memory,
//! and when a process started (seconds since boot), for cold start without driver overhead.

use std::collections::HashMap;

/// (pid, parent pid, program name) of every process we may read.
fn processes() -> Vec<(u32, u32, String)> {
    let Ok(entries) = std::fs::read_dir("/proc") else { return Vec::new() };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) else { continue };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { continue };
        // The name in parentheses may hold spaces; the fields after the last ')' do not.
        let Some(after) = stat.rfind(')').map(|i| &stat[i + 1..]) else { continue };
        let Some(ppid) = after.split_whitespace().nth(1).and_then(|p| p.parse().ok()) else { continue };
        out.push((pid, ppid, program(pid)));
    }
    out
}

/// The base name of argv[0] (comm is cut at 15 characters: "WebKitWebProces").
fn program(pid: u32) -> String {
    let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
    let first = cmdline.split(|b| *b == 0).next().unwrap_or_default();
    let text = String::from_utf8_lossy(first);
    text.rsplit('/').next().unwrap_or_default().to_string()
}

/// Every descendant of `root` with its program name.
pub fn descendants(root: u32) -> Vec<(u32, String)> {
    let all = processes();
    let mut children: HashMap<u32, Vec<(u32, String)>> = HashMap::new();
    for (pid, ppid, name) in all {
        children.entry(ppid).or_default().push((pid, name));
    }
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(pid) = stack.pop() {
        for (child, name) in children.get(&pid).cloned().unwrap_or_default() {
            stack.push(child);
            out.push((child, name));
        }
    }
    out
}

/// Resident memory in MiB (VmRSS), None when the process is gone.
pub fn rss_mib(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn clock_ticks() -> f64 {
    // USER_HZ is 100 on every Linux architecture the app targets; getconf confirms it here.
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
        .unwrap_or(100.0)
}

/// When `pid` started, in seconds since boot (10 ms resolution).
pub fn started_at(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after = &stat[stat.rfind(')')? + 1..];
    // Field 22 of stat (starttime) is the 20th after the name.
    let ticks: f64 = after.split_whitespace().nth(19)?.parse().ok()?;
    Some(ticks / clock_ticks())
}

/// Seconds since boot now.
pub fn uptime() -> Option<f64> {
    std::fs::read_to_string("/proc/uptime").ok()?.split_whitespace().next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_has_memory_and_started_before_now() {
        let me = std::process::id();
        assert!(rss_mib(me).is_some_and(|m| m > 0.0));
        let started = started_at(me).expect("start time");
        assert!(started <= uptime().expect("uptime") + 0.02);
    }

    #[test]
    fn a_child_is_found_among_the_descendants_by_its_program_name() {
        let mut child = std::process::Command::new("sleep").arg("5").spawn().expect("sleep");
        // Right after the fork the child still carries this test's name until it execs `sleep`:
        // look again for a while rather than race the exec.
        let found = (0..500).any(|_| {
            let seen = descendants(std::process::id()).into_iter().any(|(pid, name)| pid == child.id() && name == "sleep");
            if !seen {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            seen
        });
        let _ = child.kill();
        let _ = child.wait();
        assert!(found);
    }
}
