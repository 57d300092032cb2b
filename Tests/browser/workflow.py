#!/usr/bin/env python3
"""Real-browser test of the permit workflow (run by .ci/run against `oversight serve`).

Headless Chromium driven through chromedriver (Debian's chromium, chromium-driver, python3-selenium):
an applicant signs in, fills in the new-application form for an export to Peru and submits it, signs out;
an officer signs in, opens the application and reads its assessment verdicts.

Usage: workflow.py BASE_URL APPLICANT OFFICER PASSWORD
Exits 0 when every step worked, 1 with the failed step otherwise.
"""
import re
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

VERDICTS = {"approve", "approve-with-conditions", "refer", "deny", "prohibited"}


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1800"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def step(text):
    print(f"browser: {text}", flush=True)


def sign_in(driver, base, name, password):
    driver.get(base + "/signin")
    driver.find_element(By.ID, "name").send_keys(name)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "form.stacked button[type=submit]").click()
    WebDriverWait(driver, 15).until(ec.url_contains("/dashboard"))
    assert name in driver.page_source, f"the dashboard does not greet {name}"


def sign_out(driver):
    driver.find_element(By.CSS_SELECTOR, "form.signout button").click()
    WebDriverWait(driver, 15).until(ec.url_contains("/signin"))


def main():
    if len(sys.argv) != 5:
        print(__doc__)
        return 2
    base, applicant, officer, password = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3], sys.argv[4]
    driver = browser()
    try:
        step(f"sign in as {applicant}")
        sign_in(driver, base, applicant, password)

        step("fill in the new-application form (destination Peru) and submit it")
        driver.get(base + "/applications/new")
        Select(driver.find_element(By.ID, "exporter")).select_by_value("CA")
        Select(driver.find_element(By.ID, "destination")).select_by_value("PE")
        driver.find_element(By.ID, "consigneeName").send_keys("Policía Nacional del Perú")
        driver.find_element(By.ID, "endUserName").send_keys("Policía Nacional del Perú")
        driver.find_element(By.ID, "endUserUnit").send_keys("unit:pnp")
        driver.find_element(By.ID, "endUse").send_keys("Training of National Police officers in the use of firearms")
        Select(driver.find_element(By.ID, "item1-controlEntry")).select_by_value("2-14")
        driver.find_element(By.ID, "item1-description").send_keys("Firearms-training simulators")
        driver.find_element(By.ID, "item1-quantity").send_keys("4")
        driver.find_element(By.ID, "item1-value").send_keys("960000")
        driver.find_element(By.ID, "mitigation-end-use-certificate").click()
        driver.find_element(By.ID, "submitNow").click()
        driver.find_element(By.ID, "save-application").click()
        WebDriverWait(driver, 30).until(ec.presence_of_element_located((By.ID, "state")))
        match = re.search(r"/applications/([^/?#]+)$", driver.current_url)
        assert match, f"not on an application page after submitting: {driver.current_url}"
        application = match.group(1)
        state = driver.find_element(By.ID, "state").text
        assert state == "Assessed", f"the application is '{state}', expected 'Assessed'"
        step(f"application {application} submitted: {state}")
        sign_out(driver)

        step(f"sign in as {officer} and open application {application}")
        sign_in(driver, base, officer, password)
        driver.get(f"{base}/applications/{application}")
        cells = driver.find_elements(By.CSS_SELECTOR, "table.verdicts tbody tr")
        verdicts = {}
        for row in cells:
            regime = row.find_element(By.CSS_SELECTOR, "th").text
            verdicts[regime] = row.find_element(By.CSS_SELECTOR, "td .verdict").text.strip()
        assert verdicts, "no assessment verdicts on the application page"
        assert set(verdicts.values()) <= VERDICTS, f"unexpected verdicts {verdicts}"
        assert "Peru" in driver.page_source, "the destination is not shown"
        step(f"the officer sees the assessment: {verdicts}")
        driver.find_element(By.LINK_TEXT, "The full assessment report").click()
        WebDriverWait(driver, 15).until(ec.url_contains("/assessment"))
        step("the full assessment report opens")
        sign_out(driver)
        print("browser: OK")
        return 0
    except Exception as error:  # report the step that failed, with the page it was on
        print(f"browser: FAILED: {type(error).__name__}: {error}", file=sys.stderr)
        print(f"browser: at {driver.current_url}", file=sys.stderr)
        return 1
    finally:
        driver.quit()


if __name__ == "__main__":
    sys.exit(main())
